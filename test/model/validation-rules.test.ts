import {
  App,
  Bucket,
  Function,
  HttpApi,
  Queue,
  Schedule,
  Secret,
  Table,
  Topic,
  ValidationError,
  type ValidationIssue,
} from 'anycloud';
import { Construct } from 'constructs';
import { fixtureFunction, testApp } from '../fixtures/apps';

/** Runs `build` on a fresh app and returns the issues `validate()` throws (empty when none). */
function issuesOf(build: (app: App) => void): ValidationIssue[] {
  const app = testApp('shop');
  build(app);
  try {
    app.validate();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
}

// Each case: rule id, the construct path the issue must name, the value it must carry, and an app breaking only that rule.
const cases: [string, string, unknown, (app: App) => void][] = [
  ['construct.id', 'shop/bad id!', 'bad id!', (app) => new Table(app, 'bad id!', { partitionKey: 'pk' })],
  ['function.props', 'shop/Fn', null, (app) => new Function(app, 'Fn', null as never)],
  ['function.entry.required', 'shop/Fn', '', (app) => new Function(app, 'Fn', { entry: '' })],
  [
    'function.entry.exists',
    'shop/Fn',
    'does/not/exist.ts',
    (app) => new Function(app, 'Fn', { entry: 'does/not/exist.ts' }),
  ],
  [
    'function.handler',
    'shop/Fn',
    'not-an-export',
    (app) => fixtureFunction(app, 'Fn', { handler: 'not-an-export' }),
  ],
  [
    'function.memory',
    'shop/Fn',
    '512 megabytes',
    (app) => fixtureFunction(app, 'Fn', { memory: '512 megabytes' as never }),
  ],
  [
    'function.timeout',
    'shop/Fn',
    '30 secs',
    (app) => fixtureFunction(app, 'Fn', { timeout: '30 secs' as never }),
  ],
  [
    'function.nodeVersion',
    'shop/Fn',
    'nodejs16',
    (app) => fixtureFunction(app, 'Fn', { nodeVersion: 'nodejs16' as never }),
  ],
  [
    'function.environment',
    'shop/Fn',
    'A=1',
    (app) => fixtureFunction(app, 'Fn', { environment: 'A=1' as never }),
  ],
  [
    'function.environment.name',
    'shop/Fn',
    '1BAD',
    (app) => fixtureFunction(app, 'Fn', { environment: { '1BAD': 'x' } }),
  ],
  [
    'function.environment.reserved',
    'shop/Fn',
    'ANYCLOUD_X',
    (app) => fixtureFunction(app, 'Fn', { environment: { ANYCLOUD_X: 'x' } }),
  ],
  [
    'function.environment.value',
    'shop/Fn',
    42,
    (app) => fixtureFunction(app, 'Fn', { environment: { PORT: 42 as never } }),
  ],
  ['table.props', 'shop/T', undefined, (app) => new Table(app, 'T', undefined as never)],
  ['table.partitionKey', 'shop/T', '', (app) => new Table(app, 'T', { partitionKey: '' })],
  [
    'table.partitionKey.type',
    'shop/T',
    'binary',
    (app) => new Table(app, 'T', { partitionKey: { name: 'pk', type: 'binary' as never } }),
  ],
  [
    'table.sortKey',
    'shop/T',
    'has space',
    (app) => new Table(app, 'T', { partitionKey: 'pk', sortKey: 'has space' }),
  ],
  [
    'table.sortKey.type',
    'shop/T',
    'date',
    (app) => new Table(app, 'T', { partitionKey: 'pk', sortKey: { name: 'sk', type: 'date' as never } }),
  ],
  [
    'table.sortKey.distinct',
    'shop/T',
    'pk',
    (app) => new Table(app, 'T', { partitionKey: 'pk', sortKey: 'pk' }),
  ],
  [
    'table.timeToLiveAttribute',
    'shop/T',
    '',
    (app) => new Table(app, 'T', { partitionKey: 'pk', timeToLiveAttribute: '' }),
  ],
  [
    'table.timeToLiveAttribute.key',
    'shop/T',
    'pk',
    (app) => new Table(app, 'T', { partitionKey: 'pk', timeToLiveAttribute: 'pk' }),
  ],
  [
    'grant.grantRead',
    'shop/T',
    'not a function',
    (app) => new Table(app, 'T', { partitionKey: 'pk' }).grantRead('not a function' as never),
  ],
  [
    'grant.grantSend',
    'shop/Q',
    'shop/T',
    (app) => new Queue(app, 'Q').grantSend(new Table(app, 'T', { partitionKey: 'pk' }) as never),
  ],
  [
    'function.grant.id',
    'shop/Fn',
    ['shop/Orders', 'shop/Billing/Orders'],
    (app) => {
      const fn = fixtureFunction(app, 'Fn');
      new Table(app, 'Orders', { partitionKey: 'pk' }).grantRead(fn);
      new Table(new Construct(app, 'Billing'), 'Orders', { partitionKey: 'pk' }).grantReadWrite(fn);
    },
  ],
  ['bucket.props', 'shop/B', 7, (app) => new Bucket(app, 'B', 7 as never)],
  [
    'bucket.onObjectCreated.target',
    'shop/B',
    undefined,
    (app) => new Bucket(app, 'B').onObjectCreated(undefined as never),
  ],
  [
    'bucket.onObjectRemoved.options',
    'shop/B',
    'images/',
    (app) => new Bucket(app, 'B').onObjectRemoved(fixtureFunction(app, 'Fn'), 'images/' as never),
  ],
  [
    'bucket.onObjectCreated.prefix',
    'shop/B',
    '',
    (app) => new Bucket(app, 'B').onObjectCreated(fixtureFunction(app, 'Fn'), { prefix: '' }),
  ],
  [
    'bucket.onObjectRemoved.suffix',
    'shop/B',
    5,
    (app) => new Bucket(app, 'B').onObjectRemoved(fixtureFunction(app, 'Fn'), { suffix: 5 as never }),
  ],
  ['queue.props', 'shop/Q', 'fast', (app) => new Queue(app, 'Q', 'fast' as never)],
  ['queue.retention', 'shop/Q', '15 days', (app) => new Queue(app, 'Q', { retention: '15 days' })],
  ['queue.subscribe.target', 'shop/Q', 42, (app) => new Queue(app, 'Q').subscribe(42 as never)],
  [
    'queue.subscribe.options',
    'shop/Q',
    10,
    (app) => new Queue(app, 'Q').subscribe(fixtureFunction(app, 'Fn'), 10 as never),
  ],
  [
    'queue.subscribe.batchSize',
    'shop/Q',
    11,
    (app) => new Queue(app, 'Q').subscribe(fixtureFunction(app, 'Fn'), { batchSize: 11 }),
  ],
  [
    'queue.subscribe.maxRetries',
    'shop/Q',
    -1,
    (app) => new Queue(app, 'Q').subscribe(fixtureFunction(app, 'Fn'), { maxRetries: -1 }),
  ],
  [
    'queue.subscribe.single',
    'shop/Q',
    'shop/Second',
    (app) => {
      const q = new Queue(app, 'Q');
      q.subscribe(fixtureFunction(app, 'First'));
      q.subscribe(fixtureFunction(app, 'Second'));
    },
  ],
  ['topic.props', 'shop/T', [], (app) => new Topic(app, 'T', [] as never)],
  ['topic.subscribe.target', 'shop/T', null, (app) => new Topic(app, 'T').subscribe(null as never)],
  [
    'topic.subscribe.options',
    'shop/T',
    true,
    (app) => new Topic(app, 'T').subscribe(fixtureFunction(app, 'Fn'), true as never),
  ],
  [
    'topic.subscribe.maxRetries',
    'shop/T',
    1.5,
    (app) => new Topic(app, 'T').subscribe(fixtureFunction(app, 'Fn'), { maxRetries: 1.5 }),
  ],
  [
    'topic.subscribe.duplicate',
    'shop/T',
    'shop/Fn',
    (app) => {
      const t = new Topic(app, 'T');
      const fn = fixtureFunction(app, 'Fn');
      t.subscribe(fn);
      t.subscribe(fn);
    },
  ],
  ['secret.props', 'shop/S', 'x', (app) => new Secret(app, 'S', 'x' as never)],
  [
    'secret.description',
    'shop/S',
    'x'.repeat(257),
    (app) => new Secret(app, 'S', { description: 'x'.repeat(257) }),
  ],
  ['schedule.props', 'shop/S', 1, (app) => new Schedule(app, 'S', 1 as never)],
  [
    'schedule.target',
    'shop/S',
    'fn',
    (app) => new Schedule(app, 'S', { rate: '5 minutes', target: 'fn' as never }),
  ],
  [
    'schedule.expression',
    'shop/S',
    { cron: '* * * * *', rate: '1 minute' },
    (app) =>
      new Schedule(app, 'S', { cron: '* * * * *', rate: '1 minute', target: fixtureFunction(app, 'Fn') }),
  ],
  [
    'schedule.cron',
    'shop/S',
    '0 25 * * *',
    (app) => new Schedule(app, 'S', { cron: '0 25 * * *', target: fixtureFunction(app, 'Fn') }),
  ],
  [
    'schedule.rate',
    'shop/S',
    '90 seconds',
    (app) => new Schedule(app, 'S', { rate: '90 seconds', target: fixtureFunction(app, 'Fn') }),
  ],
  [
    'schedule.timeZone',
    'shop/S',
    'Mars/Olympus',
    (app) =>
      new Schedule(app, 'S', {
        cron: '0 2 * * *',
        timeZone: 'Mars/Olympus',
        target: fixtureFunction(app, 'Fn'),
      }),
  ],
  [
    'schedule.timeZone.rate',
    'shop/S',
    'UTC',
    (app) => new Schedule(app, 'S', { rate: '1 hour', timeZone: 'UTC', target: fixtureFunction(app, 'Fn') }),
  ],
  ['http-api.props', 'shop/Api', 'cors', (app) => new HttpApi(app, 'Api', 'cors' as never)],
  [
    'http-api.route.target',
    'shop/Api',
    undefined,
    (app) => new HttpApi(app, 'Api').route('GET /x', undefined as never),
  ],
  [
    'http-api.route.key',
    'shop/Api',
    'FETCH /orders',
    (app) => new HttpApi(app, 'Api').route('FETCH /orders', fixtureFunction(app, 'Fn')),
  ],
  [
    'http-api.route.duplicate',
    'shop/Api',
    'GET /orders/{orderId}',
    (app) => {
      const api = new HttpApi(app, 'Api');
      api.route('GET /orders/{id}', fixtureFunction(app, 'A'));
      api.route('GET /orders/{orderId}', fixtureFunction(app, 'B'));
    },
  ],
  [
    'http-api.cors.allowOrigins',
    'shop/Api',
    { allowOrigins: [] },
    (app) => new HttpApi(app, 'Api', { cors: { allowOrigins: [] } }),
  ],
  [
    'http-api.cors.origin',
    'shop/Api',
    'example.com',
    (app) => new HttpApi(app, 'Api', { cors: { allowOrigins: ['example.com'] } }),
  ],
  [
    'http-api.cors.method',
    'shop/Api',
    'FETCH',
    (app) => new HttpApi(app, 'Api', { cors: { allowOrigins: ['*'], allowMethods: ['FETCH'] } }),
  ],
  [
    'http-api.cors.credentials',
    'shop/Api',
    ['*'],
    (app) => new HttpApi(app, 'Api', { cors: { allowOrigins: ['*'], allowCredentials: true } }),
  ],
  [
    'http-api.cors.allowHeaders',
    'shop/Api',
    'content-type',
    (app) =>
      new HttpApi(app, 'Api', { cors: { allowOrigins: ['*'], allowHeaders: 'content-type' as never } }),
  ],
  [
    'http-api.cors.exposeHeaders',
    'shop/Api',
    [''],
    (app) => new HttpApi(app, 'Api', { cors: { allowOrigins: ['*'], exposeHeaders: [''] } }),
  ],
  [
    'http-api.cors.allowMethods',
    'shop/Api',
    5,
    (app) => new HttpApi(app, 'Api', { cors: { allowOrigins: ['*'], allowMethods: 5 as never } }),
  ],
  [
    'http-api.cors.allowCredentials',
    'shop/Api',
    'yes',
    (app) =>
      new HttpApi(app, 'Api', {
        cors: { allowOrigins: ['https://a.example'], allowCredentials: 'yes' as never },
      }),
  ],
  [
    'http-api.cors.maxAge',
    'shop/Api',
    'forever',
    (app) => new HttpApi(app, 'Api', { cors: { allowOrigins: ['*'], maxAge: 'forever' as never } }),
  ],
];

/** The rules a fixture breaks with its own: props that are not an object have no required props either. */
const CONSEQUENCES: Readonly<Record<string, readonly string[]>> = {
  'function.props': ['function.entry.required'],
  'table.props': ['table.partitionKey'],
  'schedule.props': ['schedule.target', 'schedule.expression'],
};

describe('every neutral validation rule', () => {
  test.each(cases)(
    '%s names the construct, the rule and the value, and no other rule fires',
    (rule, path, value, build) => {
      const issues = issuesOf(build);
      const issue = issues.find((i) => i.rule === rule);
      expect(issue).toBeDefined();
      // The fixture breaks only its rule: no other rule fires (props that are not an object also
      // leave the required props missing, which is said too).
      expect([...new Set(issues.map((i) => i.rule))]).toEqual([rule, ...(CONSEQUENCES[rule] ?? [])]);
      expect(issue!.path).toBe(path);
      expect(issue!.value).toEqual(value);
      expect(issue!.message.length).toBeGreaterThan(10);
    },
  );
});

describe('App', () => {
  test.each([
    ['app.name', { name: 'Shop' }, 'Shop'],
    ['app.name', { name: '' }, ''],
    ['app.stage', { name: 'shop', stage: 'Prod_1' }, 'Prod_1'],
  ])('%s rejects %j', (rule, props, value) => {
    const app = new App(props);
    expect(() => app.validate()).toThrow(ValidationError);
    expect(app.issues).toEqual([expect.objectContaining({ rule, value })]);
  });

  test('a construct outside an App is refused with construct.scope', () => {
    const root = new Construct(undefined as never, 'cdk');
    let caught: unknown;
    try {
      new Table(root, 'T', { partitionKey: 'pk' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues[0]).toMatchObject({ rule: 'construct.scope', path: 'cdk/T' });
  });

  test('all issues of the app are reported together, in order, in one error', () => {
    const app = testApp('shop');
    new Table(app, 'Orders', { partitionKey: '' });
    fixtureFunction(app, 'Fn', { memory: '0 MB' as never, timeout: 'soon' as never });
    const error = (() => {
      try {
        app.validate();
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('expected a ValidationError');
    })();
    expect(error.issues.map((i) => `${i.path} ${i.rule}`)).toEqual([
      'shop/Orders table.partitionKey',
      'shop/Fn function.memory',
      'shop/Fn function.timeout',
    ]);
    expect(error.message).toContain('3 validation errors');
    expect(error.message).toContain('shop/Orders: partitionKey is required and must be 1-255 characters');
    expect(error.message).toContain('(got "")');
  });

  test('a valid app validates', () => {
    const app = testApp('shop');
    const fn = fixtureFunction(app, 'Fn', {
      memory: '1 GB',
      timeout: '5 minutes',
      environment: { STAGE: 'dev' },
    });
    const t = new Table(app, 'T', {
      partitionKey: { name: 'pk', type: 'number' },
      sortKey: 'sk',
      timeToLiveAttribute: 'ttl',
    });
    t.grantRead(fn);
    t.grantReadWrite(fn);
    expect(() => app.validate()).not.toThrow();
    expect(fn.memoryMb).toBe(1024);
    expect(fn.timeoutSeconds).toBe(300);
    expect(fn.grants).toEqual([{ resource: t, access: 'readwrite' }]);
  });
});
