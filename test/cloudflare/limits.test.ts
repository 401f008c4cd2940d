import fc from 'fast-check';
import { App, Function, HttpApi, Queue, Schedule, Secret, ValidationError } from 'anycloud';
import { CLOUDFLARE_LIMITS } from 'anycloud/cloudflare';
import { deploy } from 'anycloud/pulumi';
import { capturePulumiProgram, synth, type CloudflareSynthOptions } from 'anycloud/testing';
import { CONFORMANCE_HANDLERS, issuesOf as targetIssues, rule, smallApp } from '../support/target-issues';

const handlers = CONFORMANCE_HANDLERS;

const issuesOf = (app: App, options: CloudflareSynthOptions = {}) => targetIssues(app, 'cloudflare', options);

describe('Cloudflare target rules (checked before any resource is declared)', () => {
  test('a valid small app passes', async () => {
    expect(await issuesOf(smallApp())).toEqual([]);
  });

  test('cloudflare.accountId: 32 lowercase hex characters', async () => {
    const [issue] = rule(await issuesOf(smallApp(), { accountId: 'my-account' }), 'cloudflare.accountId');
    expect(issue).toMatchObject({ path: 'limits', value: 'my-account' });
    expect(issue.message).toContain('set cloudflare:accountId or anycloud:cloudflareAccountId');
  });

  test('cloudflare.plan: free or paid', async () => {
    expect(
      rule(await issuesOf(smallApp(), { plan: 'enterprise' as 'paid' }), 'cloudflare.plan')[0].value,
    ).toBe('enterprise');
  });

  test('cloudflare.maxScriptBytes: an integer from 1 to the largest Worker script', async () => {
    for (const bad of [0, 1.5, 64 * 1024 * 1024 + 1, [{ toString: false }], '1000'])
      expect(
        rule(await issuesOf(smallApp(), { maxScriptBytes: bad as number }), 'cloudflare.maxScriptBytes'),
      ).toHaveLength(1);
    expect(
      rule(await issuesOf(smallApp(), { maxScriptBytes: 2_000_000 }), 'cloudflare.maxScriptBytes'),
    ).toEqual([]);
  });

  test('cloudflare.function.memory: asking for more than 128 MB (the default is fine)', async () => {
    const issues = await issuesOf(
      smallApp((app) => new Function(app, 'Big', { entry: handlers, handler: 'text', memory: '256 MB' })),
    );
    expect(rule(issues, 'cloudflare.function.memory')).toEqual([
      expect.objectContaining({ path: 'limits/Big', value: '256 MB' }),
    ]);
    const fine = await issuesOf(
      smallApp((app) => new Function(app, 'Small', { entry: handlers, handler: 'text', memory: '128 MB' })),
    );
    expect(fine).toEqual([]);
  });

  test('cloudflare.function.timeout: at most 300 seconds of CPU time', async () => {
    const issues = await issuesOf(
      smallApp(
        (app) => new Function(app, 'Slow', { entry: handlers, handler: 'text', timeout: '6 minutes' }),
      ),
    );
    expect(rule(issues, 'cloudflare.function.timeout')).toEqual([
      expect.objectContaining({ path: 'limits/Slow', value: '360 seconds' }),
    ]);
    expect(CLOUDFLARE_LIMITS.cpuMs).toBe(300_000);
  });

  test('cloudflare.function.environment: variable count per plan and value size', async () => {
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`VAR_${i}`, 'x']));
    const issues = await issuesOf(
      smallApp((app) => {
        new Function(app, 'Many', { entry: handlers, handler: 'text', environment: many });
        new Function(app, 'Large', {
          entry: handlers,
          handler: 'text',
          environment: { BIG: 'x'.repeat(5121) },
        });
      }),
      { plan: 'free' },
    );
    expect(rule(issues, 'cloudflare.function.environment')).toEqual([
      expect.objectContaining({ path: 'limits/Many', value: 65 }),
      expect.objectContaining({ path: 'limits/Large', value: 'BIG (5121 bytes)' }),
    ]);
  });

  test('cloudflare.function.size: a bundle over the script size limit', async () => {
    const issues = await issuesOf(smallApp(), { maxScriptBytes: 1000 });
    expect(rule(issues, 'cloudflare.function.size')).toEqual([
      expect.objectContaining({
        path: 'limits/Echo',
        message: expect.stringContaining('at most 1000 bytes'),
      }),
    ]);
  });

  test('cloudflare.function.bundle: a handler that does not bundle', async () => {
    const issues = await issuesOf(
      smallApp((app) => new Function(app, 'Missing', { entry: handlers, handler: 'noSuchExport' })),
    );
    expect(rule(issues, 'cloudflare.function.bundle')).toEqual([
      expect.objectContaining({ path: 'limits/Missing', message: expect.stringContaining('noSuchExport') }),
    ]);
  });

  test('cloudflare.schedule.cron: rates that do not divide an hour or a day, and both day fields restricted', async () => {
    const issues = await issuesOf(
      smallApp((app) => {
        const tick = new Function(app, 'Tick', { entry: handlers, handler: 'tick' });
        new Schedule(app, 'Odd', { rate: '7 minutes', target: tick });
        new Schedule(app, 'BothDays', { cron: '0 9 1 * 1', target: tick });
        new Schedule(app, 'Fine', { rate: '15 minutes', target: tick });
      }),
    );
    expect(rule(issues, 'cloudflare.schedule.cron').map((i) => [i.path, i.value])).toEqual([
      ['limits/Odd', '420 seconds'],
      ['limits/BothDays', '0 9 1 * 1'],
    ]);
  });

  test('cloudflare.schedule.count: cron triggers per account on the plan', async () => {
    const app = smallApp((a) => {
      const tick = new Function(a, 'Tick', { entry: handlers, handler: 'tick' });
      for (let i = 0; i < 6; i++)
        new Schedule(a, `S${i}`, { cron: `${i} 3 * * *`, timeZone: 'UTC', target: tick });
    });
    expect(rule(await issuesOf(app, { plan: 'free' }), 'cloudflare.schedule.count')[0].value).toBe(6);
    expect(rule(await issuesOf(app, { plan: 'paid' }), 'cloudflare.schedule.count')).toEqual([]);
  });

  test('cloudflare.queue.retention: the Free plan keeps messages one day at most', async () => {
    const app = smallApp((a) => {
      new Queue(a, 'Default'); // 4 days
      new Queue(a, 'OneDay', { retention: '1 day' });
    });
    expect(rule(await issuesOf(app, { plan: 'free' }), 'cloudflare.queue.retention')).toEqual([
      expect.objectContaining({ path: 'limits/Default', value: '345600 seconds' }),
    ]);
    expect(rule(await issuesOf(app, { plan: 'paid' }), 'cloudflare.queue.retention')).toEqual([]);
  });

  test('cloudflare.httpApi.domain and .zone: custom domains name an API, a hostname and a zone id', async () => {
    const issues = await issuesOf(smallApp(), {
      customDomains: {
        Api: { hostname: 'Not A Host', zoneId: 'zone' },
        Nope: { hostname: 'api.example.com', zoneId: '0123456789abcdef0123456789abcdef' },
      },
    });
    expect(issues.map((i) => [i.rule, i.value])).toEqual([
      ['cloudflare.httpApi.domain', 'Not A Host'],
      ['cloudflare.httpApi.zone', 'zone'],
      ['cloudflare.httpApi.domain', 'Nope'],
    ]);
  });

  test('a custom domain replaces workers.dev and gives the API URL as an output', async () => {
    const doc = await synth(smallApp(), 'cloudflare', {
      customDomains: { Api: { hostname: 'api.example.com', zoneId: '0123456789abcdef0123456789abcdef' } },
    });
    const domain = doc.resources.find((r) => r.name === 'limits/Api/domain')!;
    expect(domain.inputs).toMatchObject({
      hostname: 'api.example.com',
      zoneId: '0123456789abcdef0123456789abcdef',
    });
    expect(doc.resources.find((r) => r.name === 'limits/Api/workers-dev')!.inputs).toMatchObject({
      enabled: false,
    });
    expect(doc.outputs).toMatchObject({ ApiUrl: 'https://api.example.com' });
  });

  test('cloudflare.secret.missing: a granted secret without a value', async () => {
    const app = smallApp((a, fn) => new Secret(a, 'Key').grantRead(fn));
    const outcome = await capturePulumiProgram(() => deploy(app, { target: 'cloudflare' }), {
      config: { 'cloudflare:accountId': '0123456789abcdef0123456789abcdef' },
    }).catch((e: unknown) => e);
    expect((outcome as ValidationError).issues).toEqual([
      expect.objectContaining({ rule: 'cloudflare.secret.missing', value: 'anycloud:secret-Key' }),
    ]);
  });

  test('pulumi.target: the program says how to choose a target', async () => {
    const outcome = await capturePulumiProgram(() => deploy(smallApp())).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(ValidationError);
    expect((outcome as ValidationError).issues[0]).toMatchObject({
      rule: 'pulumi.target',
      message: expect.stringContaining('pulumi config set anycloud:target <azure|cloudflare|gcp>'),
    });
  });

  test('every problem at once, and nothing declared', async () => {
    const app = smallApp((a) => {
      new Function(a, 'Big', { entry: handlers, handler: 'text', memory: '1 GB', timeout: '10 minutes' });
      new Queue(a, 'Q');
    });
    let declared = -1;
    const outcome = await capturePulumiProgram(() => deploy(app, { target: 'cloudflare' }), {
      config: { 'cloudflare:accountId': 'bad' },
    }).then(
      (c) => (declared = c.resources.length),
      (e: unknown) => e,
    );
    expect(declared).toBe(-1);
    expect((outcome as ValidationError).issues.map((i) => i.rule).sort()).toEqual([
      'cloudflare.accountId',
      'cloudflare.function.memory',
      'cloudflare.function.timeout',
    ]);
  });

  test('fuzz: any build options give a result or a ValidationError, never a TypeError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            accountId: fc.oneof(fc.constant('0123456789abcdef0123456789abcdef'), fc.anything()),
            plan: fc.oneof(fc.constantFrom('free', 'paid'), fc.anything()),
            customDomains: fc.oneof(
              fc.dictionary(
                fc.constantFrom('Api', 'Other'),
                fc.record({ hostname: fc.anything(), zoneId: fc.anything() }),
              ),
              fc.anything(),
            ),
            maxScriptBytes: fc.oneof(fc.integer(), fc.anything()),
          },
          { requiredKeys: [] },
        ),
        async (options) => {
          try {
            await synth(smallApp(), 'cloudflare', options as CloudflareSynthOptions);
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('Cloudflare gateway auth', () => {
  test('the gateway config carries the issuer and each protected route’s scopes; public routes carry none', async () => {
    const app = new App({ name: 'authcf' });
    const fn = new Function(app, 'Echo', { entry: handlers, handler: 'echo' });
    const api = new HttpApi(app, 'Api', {
      auth: { jwt: { issuer: 'https://id.example.com/', audience: 'api' } },
    });
    api.route('GET /me', fn);
    api.route('GET /admin', fn, { auth: { scopes: ['admin:read'] } });
    api.route('GET /health', fn, { auth: 'none' });
    const doc = await synth(app, 'cloudflare');
    const gateway = doc.resources.find((r) => r.name === 'authcf/Api/gateway')!;
    const bindings = (gateway.inputs as { bindings: { name: string; text?: string }[] }).bindings;
    const config = JSON.parse(bindings.find((b) => b.name === 'ANYCLOUD_ROUTES')!.text!) as {
      auth: unknown;
      routes: { path: string; scopes?: string[] }[];
    };
    expect(config.auth).toEqual({
      issuer: 'https://id.example.com/',
      audience: ['api'],
      jwksUrl: 'https://id.example.com/.well-known/jwks.json',
    });
    expect(Object.fromEntries(config.routes.map((r) => [r.path, r.scopes]))).toEqual({
      '/me': [],
      '/admin': ['admin:read'],
      '/health': undefined,
    });
  });
});
