import fc from 'fast-check';
import { App, Function, HttpApi, Queue, Schedule, Secret, ValidationError } from 'anycloud';
import { AZURE_LIMITS } from 'anycloud/azure';
import { deploy } from 'anycloud/pulumi';
import { capturePulumiProgram, type AzureSynthOptions } from 'anycloud/testing';
import { CONFORMANCE_HANDLERS, issuesOf as targetIssues, rule, smallApp } from '../support/target-issues';

const handlers = CONFORMANCE_HANDLERS;

const issuesOf = (app: App, options: AzureSynthOptions = {}) => targetIssues(app, 'azure', options);

describe('Azure target rules (checked before any resource is declared)', () => {
  test('a valid small app passes', async () => {
    expect(await issuesOf(smallApp())).toEqual([]);
  });

  test('azure.location: a region name, with the command that sets it', async () => {
    for (const location of ['', 'west europe!', 'West-Europe']) {
      const [issue] = rule(await issuesOf(smallApp(), { location }), 'azure.location');
      expect(issue).toMatchObject({ path: 'limits', value: location });
      expect(issue.message).toContain('pulumi config set azure-native:location westeurope');
    }
    for (const location of ['westeurope', 'eastus2', 'West Europe'])
      expect(rule(await issuesOf(smallApp(), { location }), 'azure.location')).toEqual([]);
  });

  test('azure.apim.publisherEmail: required only when the app has an HttpApi', async () => {
    const [issue] = rule(
      await issuesOf(smallApp(), { publisherEmail: 'not-an-email' }),
      'azure.apim.publisherEmail',
    );
    expect(issue).toMatchObject({ path: 'limits', value: 'not-an-email' });
    expect(issue.message).toContain('pulumi config set anycloud:azurePublisherEmail');
    const noApi = new App({ name: 'limits' });
    new Queue(noApi, 'Jobs').subscribe(new Function(noApi, 'Worker', { entry: handlers, handler: 'worker' }));
    expect(await issuesOf(noApi, { publisherEmail: '' })).toEqual([]);
  });

  test('azure.maximumInstanceCount: an integer from 1 to 1000', async () => {
    for (const bad of [0, 1001, 2.5])
      expect(
        rule(await issuesOf(smallApp(), { maximumInstanceCount: bad }), 'azure.maximumInstanceCount'),
      ).toEqual([expect.objectContaining({ value: bad })]);
    expect(await issuesOf(smallApp(), { maximumInstanceCount: 1000 })).toEqual([]);
  });

  test('azure.function.memory: Flex Consumption instance sizes only', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        new Function(app, 'OneGb', { entry: handlers, handler: 'text', memory: '1 GB' });
        new Function(app, 'Huge', { entry: handlers, handler: 'text', memory: '8 GB' });
        for (const mb of AZURE_LIMITS.instanceMemoryMb)
          new Function(app, `Fine${mb}`, { entry: handlers, handler: 'text', memory: `${mb} MB` });
      }),
    );
    expect(rule(issues, 'azure.function.memory').map((i) => [i.path, i.value])).toEqual([
      ['limits/OneGb', '1024 MB'],
      ['limits/Huge', '8192 MB'],
    ]);
  });

  test('azure.function.httpTimeout: a function with routes answers within 230 seconds; others may run longer', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        const slowApi = new Function(app, 'SlowApi', {
          entry: handlers,
          handler: 'echo',
          timeout: '231 seconds',
        });
        new HttpApi(app, 'Other').route('GET /slow', slowApi);
        const edge = new Function(app, 'Edge', { entry: handlers, handler: 'echo', timeout: '230 seconds' });
        new HttpApi(app, 'Third').route('GET /edge', edge);
        const worker = new Function(app, 'LongWorker', {
          entry: handlers,
          handler: 'worker',
          timeout: '10 minutes',
        });
        new Queue(app, 'Jobs').subscribe(worker);
      }),
    );
    expect(rule(issues, 'azure.function.httpTimeout')).toEqual([
      expect.objectContaining({ path: 'limits/SlowApi', value: '231 seconds' }),
    ]);
    expect(issues).toHaveLength(1);
  });

  test('azure.function.batchSize: one function consuming queues with different batch sizes', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        const worker = new Function(app, 'Worker', { entry: handlers, handler: 'worker' });
        new Queue(app, 'A').subscribe(worker, { batchSize: 5 });
        new Queue(app, 'B').subscribe(worker, { batchSize: 10 });
        const same = new Function(app, 'Same', { entry: handlers, handler: 'worker' });
        new Queue(app, 'C').subscribe(same, { batchSize: 4, maxRetries: 1 });
        new Queue(app, 'D').subscribe(same, { batchSize: 4, maxRetries: 5 }); // retries may differ
      }),
    );
    const [issue] = rule(issues, 'azure.function.batchSize');
    expect(issue).toMatchObject({ path: 'limits/Worker', value: [5, 10] });
    expect(issue.message).toContain('limits/A asks 5, limits/B asks 10');
    expect(issues).toHaveLength(1);
  });

  test('azure.schedule.cron: rates that do not divide an hour or a day, and both day fields restricted', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        const tick = new Function(app, 'Tick', { entry: handlers, handler: 'tick' });
        new Schedule(app, 'Odd', { rate: '7 minutes', target: tick });
        new Schedule(app, 'BothDays', { cron: '0 9 1 * 1', target: tick });
        new Schedule(app, 'Fine', { rate: '15 minutes', target: tick });
        new Schedule(app, 'Daily', { rate: '1 day', target: tick });
        new Schedule(app, 'Zoned', { cron: '30 2 * * 1-5', timeZone: 'Europe/Paris', target: tick });
      }),
    );
    expect(rule(issues, 'azure.schedule.cron').map((i) => [i.path, i.value])).toEqual([
      ['limits/Odd', 'rate 420 seconds'],
      ['limits/BothDays', '0 9 1 * 1'],
    ]);
  });

  test('azure.function.bundle: every handler that does not bundle, at once (once the app passes the rules)', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        new Function(app, 'Missing', { entry: handlers, handler: 'noSuchExport' });
        new Function(app, 'AlsoMissing', { entry: handlers, handler: 'nope' });
      }),
    );
    expect(issues.map((i) => [i.rule, i.path])).toEqual([
      ['azure.function.bundle', 'limits/Missing'],
      ['azure.function.bundle', 'limits/AlsoMissing'],
    ]);
    expect(issues[0].message).toContain('noSuchExport');
  });

  test('azure.secret.missing: a granted secret without a value', async () => {
    const app = smallApp((a, fn) => new Secret(a, 'Key').grantRead(fn));
    const outcome = await capturePulumiProgram(() => deploy(app, { target: 'azure' }), {
      config: { 'azure-native:location': 'westeurope', 'anycloud:azurePublisherEmail': 'ops@example.com' },
    }).catch((e: unknown) => e);
    expect((outcome as ValidationError).issues).toEqual([
      expect.objectContaining({ rule: 'azure.secret.missing', value: 'anycloud:secret-Key' }),
    ]);
  });

  test('deploy(app) reads its settings from Pulumi config, and says which command sets a missing one', async () => {
    const outcome = await capturePulumiProgram(() => deploy(smallApp(), { target: 'azure' })).catch(
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(ValidationError);
    expect((outcome as ValidationError).issues.map((i) => i.rule)).toEqual([
      'azure.location',
      'azure.apim.publisherEmail',
    ]);
    const ok = await capturePulumiProgram(() => deploy(smallApp(), { target: 'azure' }), {
      config: { 'azure-native:location': 'westeurope', 'anycloud:azurePublisherEmail': 'ops@example.com' },
    });
    expect(ok.resources.some((r) => r.type === 'azure-native:apimanagement:ApiManagementService')).toBe(true);
  });

  test('fuzz: any memory size and timeout give either a clean synth or ValidationErrors naming the rule and path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...AZURE_LIMITS.instanceMemoryMb), fc.integer({ min: 1, max: 10_240 })),
        fc.oneof(fc.integer({ min: 1, max: 230 }), fc.integer({ min: 1, max: 900 })),
        async (memoryMb, timeoutSeconds) => {
          const app = smallApp((a) =>
            new HttpApi(a, 'Fuzz').route(
              'GET /f',
              new Function(a, 'F', {
                entry: handlers,
                handler: 'echo',
                memory: `${memoryMb} MB`,
                timeout: `${timeoutSeconds} seconds`,
              }),
            ),
          );
          const issues = await issuesOf(app);
          const expected = [
            ...((AZURE_LIMITS.instanceMemoryMb as readonly number[]).includes(memoryMb)
              ? []
              : ['azure.function.memory']),
            ...(timeoutSeconds > AZURE_LIMITS.httpTimeoutSeconds ? ['azure.function.httpTimeout'] : []),
          ];
          expect(issues.map((i) => i.rule)).toEqual(expected);
          for (const i of issues) expect(i.path).toBe('limits/F');
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
