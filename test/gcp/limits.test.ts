import fc from 'fast-check';
import { App, Function, HttpApi, Queue, Schedule, Secret, Topic, ValidationError } from 'anycloud';
import { GCP_LIMITS } from 'anycloud/gcp';
import { deploy } from 'anycloud/pulumi';
import { capturePulumiProgram, type GcpSynthOptions } from 'anycloud/testing';
import { CONFORMANCE_HANDLERS, issuesOf as targetIssues, rule, smallApp } from '../support/target-issues';

const handlers = CONFORMANCE_HANDLERS;

const issuesOf = (app: App, options: GcpSynthOptions = {}) => targetIssues(app, 'gcp', options);
const worker = (app: App, id: string, props: Partial<ConstructorParameters<typeof Function>[2]> = {}) =>
  new Function(app, id, { entry: handlers, handler: 'worker', ...props });

describe('GCP target rules (checked before any resource is declared)', () => {
  test('a valid small app passes', async () => {
    expect(await issuesOf(smallApp())).toEqual([]);
  });

  test('gcp.project and gcp.region: with the commands that set them', async () => {
    const issues = await issuesOf(smallApp(), { project: 'My Project', region: 'Europe West' });
    expect(issues.map((i) => [i.rule, i.value])).toEqual([
      ['gcp.project', 'My Project'],
      ['gcp.region', 'Europe West'],
    ]);
    expect(issues[0].message).toContain('pulumi config set gcp:project');
    expect(issues[1].message).toContain('pulumi config set gcp:region');
    expect(await issuesOf(smallApp(), { project: 'my-project-123', region: 'us-central1' })).toEqual([]);
  });

  test('gcp.firestoreLocation: a region or a multi-region', async () => {
    expect(
      rule(await issuesOf(smallApp(), { firestoreLocation: 'Europe' }), 'gcp.firestoreLocation'),
    ).toHaveLength(1);
    expect(await issuesOf(smallApp(), { firestoreLocation: 'eur3' })).toEqual([]);
  });

  test('gcp.maximumInstanceCount: an integer from 1 to 1000', async () => {
    for (const bad of [0, 1001, 1.5])
      expect(
        rule(await issuesOf(smallApp(), { maximumInstanceCount: bad }), 'gcp.maximumInstanceCount'),
      ).toHaveLength(1);
  });

  test('gcp.function.memory: Cloud Run functions memory tiers only', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        new Function(app, 'Odd', { entry: handlers, handler: 'text', memory: '768 MB' });
        new Function(app, 'Huge', { entry: handlers, handler: 'text', memory: '64 GB' });
        for (const mb of Object.keys(GCP_LIMITS.memoryCpu))
          new Function(app, `Fine${mb}`, { entry: handlers, handler: 'text', memory: `${Number(mb)} MB` });
      }),
    );
    expect(issues.map((i) => [i.rule, i.path, i.value])).toEqual([
      ['gcp.function.memory', 'limits/Odd', '768 MB'],
      ['gcp.function.memory', 'limits/Huge', '65536 MB'],
    ]);
  });

  test('gcp.function.pushTimeout and gcp.function.timeout: 600 s when pushed, 3600 s for routes', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        new Queue(app, 'Jobs').subscribe(worker(app, 'SlowWorker', { timeout: '601 seconds' }));
        new Queue(app, 'Fine').subscribe(worker(app, 'Worker', { timeout: '600 seconds' }));
        new HttpApi(app, 'Long').route(
          'GET /long',
          new Function(app, 'LongRoute', { entry: handlers, handler: 'echo', timeout: '3600 seconds' }),
        );
        new Topic(app, 'Events').subscribe(worker(app, 'SlowSubscriber', { timeout: '15 minutes' }));
      }),
    );
    expect(issues.map((i) => [i.rule, i.path])).toEqual([
      ['gcp.function.pushTimeout', 'limits/SlowWorker'],
      ['gcp.function.pushTimeout', 'limits/SlowSubscriber'],
    ]);
  });

  test('gcp.function.environment: reserved names', async () => {
    const issues = await issuesOf(
      smallApp(
        (app) =>
          new Function(app, 'Env', {
            entry: handlers,
            handler: 'text',
            environment: { PORT: '1', K_SERVICE: 'x', FINE: 'y' },
          }),
      ),
    );
    expect(rule(issues, 'gcp.function.environment')).toEqual([
      expect.objectContaining({ path: 'limits/Env', value: ['PORT', 'K_SERVICE'] }),
    ]);
  });

  test('gcp.queue.retention: 10 minutes to 7 days', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        new Queue(app, 'Short', { retention: '5 minutes' });
        new Queue(app, 'Long', { retention: '14 days' });
        new Queue(app, 'Fine', { retention: '7 days' });
      }),
    );
    expect(rule(issues, 'gcp.queue.retention').map((i) => i.path)).toEqual(['limits/Short', 'limits/Long']);
  });

  test('gcp.queue.maxRetries and gcp.topic.maxRetries: at most 99 (100 deliveries)', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        new Queue(app, 'Jobs').subscribe(worker(app, 'W1'), { maxRetries: 100 });
        new Topic(app, 'Events').subscribe(worker(app, 'W2'), { maxRetries: 100 });
        new Queue(app, 'Fine').subscribe(worker(app, 'W3'), { maxRetries: 99 });
      }),
    );
    expect(issues.map((i) => [i.rule, i.path])).toEqual([
      ['gcp.queue.maxRetries', 'limits/Jobs'],
      ['gcp.topic.maxRetries', 'limits/Events'],
    ]);
  });

  test('gcp.schedule.rate: rates Cloud Scheduler cannot express as cron', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        const tick = new Function(app, 'Tick', { entry: handlers, handler: 'tick' });
        new Schedule(app, 'Odd', { rate: '7 minutes', target: tick });
        new Schedule(app, 'Fine', { rate: '2 hours', target: tick });
        // Cloud Scheduler reads both day fields as cron does, in the zone itself.
        new Schedule(app, 'BothDays', { cron: '0 9 1 * 1', timeZone: 'Europe/Paris', target: tick });
      }),
    );
    expect(issues.map((i) => [i.rule, i.path])).toEqual([['gcp.schedule.rate', 'limits/Odd']]);
  });

  test('gcp.httpApi.reservedPath: /_anycloud/ is where pushes arrive', async () => {
    const issues = await issuesOf(
      smallApp((app, fn) => new HttpApi(app, 'Other').route('POST /_anycloud/push/queue/X', fn)),
    );
    expect(issues.map((i) => [i.rule, i.value])).toEqual([
      ['gcp.httpApi.reservedPath', '/_anycloud/push/queue/X'],
    ]);
  });

  test('gcp.secret.missing: a granted secret without a value', async () => {
    const app = smallApp((a, fn) => new Secret(a, 'Key').grantRead(fn));
    const outcome = await capturePulumiProgram(() => deploy(app, { target: 'gcp' }), {
      config: { 'gcp:project': 'my-project', 'gcp:region': 'europe-west1' },
    }).catch((e: unknown) => e);
    expect((outcome as ValidationError).issues).toEqual([
      expect.objectContaining({ rule: 'gcp.secret.missing', value: 'anycloud:secret-Key' }),
    ]);
  });

  test('fuzz: any memory and timeout give a clean synth or ValidationErrors naming the rule and path', async () => {
    const tiers = Object.keys(GCP_LIMITS.memoryCpu).map(Number);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...tiers), fc.integer({ min: 1, max: 40_000 })),
        fc.oneof(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 3700 })),
        async (memoryMb, timeoutSeconds) => {
          const app = new App({ name: 'limits' });
          const fn = new Function(app, 'F', {
            entry: handlers,
            handler: 'worker',
            memory: `${memoryMb} MB`,
            timeout: `${timeoutSeconds} seconds`,
          });
          new Queue(app, 'Q').subscribe(fn);
          const issues = await issuesOf(app);
          const expected = [
            ...(tiers.includes(memoryMb) ? [] : ['gcp.function.memory']),
            ...(timeoutSeconds > GCP_LIMITS.pushTimeoutSeconds ? ['gcp.function.pushTimeout'] : []),
          ];
          expect(issues.map((i) => i.rule)).toEqual(expected);
          for (const i of issues) expect(i.path).toBe('limits/F');
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
