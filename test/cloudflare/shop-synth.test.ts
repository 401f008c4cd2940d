import * as cloudflare from '@pulumi/cloudflare';
import * as pulumi from '@pulumi/pulumi';
import { ValidationError, type Function, type Table } from 'anycloud';
import { buildCloudflare, type CloudflareBuild } from 'anycloud/cloudflare';
import {
  capturePulumiProgram,
  synth,
  SYNTH_ACCOUNT_ID,
  type PulumiSynthDocument,
  type PulumiSynthResource,
} from 'anycloud/testing';
import { shopApp } from '../../examples/shop/app';

type Bindings = { type: string; name: string; [k: string]: unknown }[];

const SCRIPT = 'cloudflare:index/workersScript:WorkersScript';

describe('examples/shop synthesized for Cloudflare (Pulumi program under mocks)', () => {
  let doc: PulumiSynthDocument;
  const byName = (name: string): PulumiSynthResource => {
    const found = doc.resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };
  const inputs = (name: string) => byName(name).inputs as Record<string, unknown>;
  const bindingsOf = (fn: string) => inputs(`shop/${fn}/script`).bindings as Bindings;
  const jsonBinding = (fn: string, name: string) =>
    JSON.parse(String(bindingsOf(fn).find((b) => b.name === name)?.text)) as Record<string, unknown>;

  beforeAll(async () => {
    doc = await synth(shopApp(), 'cloudflare', { secrets: { ReportingApiKey: 'rk-super-secret-value' } });
  }, 60_000);

  test('one component per neutral construct, every native resource parented to one', () => {
    const components = doc.resources.filter((r) => r.type.startsWith('anycloud:index:'));
    expect(components.map((c) => `${c.type.split(':')[2]} ${c.name}`).sort()).toEqual([
      'Bucket shop/Images',
      'Function shop/AnalyticsRecorder',
      'Function shop/CreateOrder',
      'Function shop/EmailNotifier',
      'Function shop/FulfilmentWorker',
      'Function shop/GetOrder',
      'Function shop/ListOrders',
      'Function shop/NightlyReport',
      'Function shop/Thumbnailer',
      'HttpApi shop/Api',
      'Queue shop/Fulfilment',
      'Schedule shop/Nightly',
      'Secret shop/ReportingApiKey',
      'Table shop/Notifications',
      'Table shop/Orders',
      'Table shop/Reports',
      'Table shop/Thumbnails',
      'Topic shop/OrderEvents',
    ]);
    const natives = doc.resources.filter((r) => r.type.startsWith('cloudflare:'));
    for (const r of natives) expect(r.parent).toMatch(/^anycloud:index:\w+::shop\//);
    const count = (type: string) => natives.filter((r) => r.type === `cloudflare:index/${type}`).length;
    expect(count('d1Database:D1Database')).toBe(4);
    expect(count('r2Bucket:R2Bucket')).toBe(1);
    // 8 functions, the gateway, and the reader Workers of Orders and Images (granted read-only)
    expect(count('workersScript:WorkersScript')).toBe(11);
    // Fulfilment, 2 topic subscribers, 1 object-event feed, NightlyReport's schedule queue; each + DLQ
    expect(count('queue:Queue')).toBe(10);
    expect(count('queueConsumer:QueueConsumer')).toBe(5);
    expect(count('workersCronTrigger:WorkersCronTrigger')).toBe(1);
  });

  test('function Workers: ES module, pinned compatibility date, no nodejs_compat, CPU time from the timeout, workers.dev off', () => {
    const scripts = doc.resources.filter((r) => r.type === SCRIPT);
    for (const s of scripts) {
      const i = s.inputs as Record<string, unknown>;
      expect(i.mainModule).toBe('worker.js');
      expect(i.compatibilityDate).toBe('2026-04-26');
      expect(i.compatibilityFlags).toEqual([]);
      expect(String(i.content)).toMatch(/^sha256:<hash-\d+>$/);
      expect(i.scriptName).toMatch(/^[a-z0-9_][a-z0-9-_]{0,62}$/);
    }
    expect(inputs('shop/FulfilmentWorker/script').limits).toEqual({ cpuMs: 30_000 });
    expect(inputs('shop/NightlyReport/script').limits).toEqual({ cpuMs: 60_000 });
    expect(inputs('shop/GetOrder/workers-dev')).toMatchObject({ enabled: false, previewsEnabled: false });
    expect(inputs('shop/Api/workers-dev')).toMatchObject({ enabled: true });
  });

  test('bindings only for what each function was granted', () => {
    const kinds = (fn: string) =>
      bindingsOf(fn)
        .filter((b) => !b.name.startsWith('ANYCLOUD_'))
        .map((b) => `${b.type} ${b.name}`)
        .sort();
    // Read-only: no D1 binding, a service binding to the table's reader Worker instead.
    expect(kinds('GetOrder')).toEqual(['service TABLE_ORDERS']);
    expect(kinds('CreateOrder')).toEqual([
      'd1 TABLE_ORDERS',
      'queue QUEUE_FULFILMENT',
      'queue TOPIC_ORDER_EVENTS_0',
      'queue TOPIC_ORDER_EVENTS_1',
    ]);
    expect(kinds('Thumbnailer')).toEqual(['d1 TABLE_THUMBNAILS', 'service BUCKET_IMAGES']);
    expect(kinds('NightlyReport')).toEqual(['d1 TABLE_REPORTS', 'secret_text SECRET_REPORTING_API_KEY']);
    expect(jsonBinding('GetOrder', 'ANYCLOUD_BINDINGS')).toEqual({
      Orders: {
        kind: 'table',
        access: 'read',
        name: expect.stringMatching(/^shop-dev-orders-[0-9a-f]{8}$/),
        workerBinding: 'TABLE_ORDERS',
        reader: true,
        partitionKey: { name: 'customerId', type: 'string' },
        sortKey: { name: 'orderId', type: 'string' },
      },
    });
    // The service binding names the reader's read-only RPC entrypoint; the reader holds the D1
    // binding of the database the table component declared, and is not on workers.dev.
    const service = bindingsOf('GetOrder').find((b) => b.type === 'service')! as Bindings[number] & {
      entrypoint?: string;
    };
    expect(service.entrypoint).toBe('TableReader');
    expect(service.service).toBe(inputs('shop/Orders/reader').scriptName);
    const readerBindings = inputs('shop/Orders/reader').bindings as Bindings;
    expect(readerBindings.find((b) => b.type === 'd1')!.id).toBe('shop/Orders/database-uuid');
    expect(inputs('shop/Orders/reader-workers-dev').enabled).toBe(false);
    // A read-write grant keeps the direct D1 binding.
    expect(bindingsOf('CreateOrder').find((b) => b.type === 'd1')!.id).toBe('shop/Orders/database-uuid');
    expect(byName('shop/CreateOrder/script').dependencies).toContain(
      'cloudflare:index/d1Database:D1Database::shop/Orders/database',
    );
  });

  test('the secret is bound from Pulumi secret config and never appears in the document', () => {
    const secret = bindingsOf('NightlyReport').find((b) => b.type === 'secret_text')!;
    expect(secret.text).toBe('<secret>');
    expect(JSON.stringify(doc)).not.toContain('rk-super-secret-value');
  });

  test('the gateway routes each route to its Worker through a service binding, with CORS and auth', () => {
    const gateway = inputs('shop/Api/gateway');
    const bindings = gateway.bindings as Bindings;
    const routes = JSON.parse(String(bindings.find((b) => b.name === 'ANYCLOUD_ROUTES')!.text));
    expect(routes.routes).toEqual([
      { method: 'POST', path: '/orders', binding: 'ROUTE_CREATE_ORDER', scopes: [] },
      { method: 'GET', path: '/orders/{id}', binding: 'ROUTE_GET_ORDER', scopes: [] },
      { method: 'GET', path: '/orders', binding: 'ROUTE_LIST_ORDERS', scopes: [] },
    ]);
    expect(routes.cors.allowOrigins).toEqual(['https://shop.example.com']);
    // Every order route requires a token from the shop's issuer, verified by the gateway.
    expect(routes.auth).toEqual({
      issuer: 'https://shop-example.eu.auth0.com/',
      audience: ['https://api.shop.example.com'],
      jwksUrl: 'https://shop-example.eu.auth0.com/.well-known/jwks.json',
    });
    const services = bindings.filter((b) => b.type === 'service');
    expect(services.map((s) => [s.name, s.service])).toEqual([
      ['ROUTE_CREATE_ORDER', inputs('shop/CreateOrder/script').scriptName],
      ['ROUTE_GET_ORDER', inputs('shop/GetOrder/script').scriptName],
      ['ROUTE_LIST_ORDERS', inputs('shop/ListOrders/script').scriptName],
    ]);
    expect(doc.outputs).toEqual({ ApiScript: gateway.scriptName });
  });

  test('the queue consumer retries each message maxRetries times, then dead-letters it', () => {
    const consumer = inputs('shop/Fulfilment/FulfilmentWorker-consumer');
    expect(consumer).toMatchObject({
      type: 'worker',
      scriptName: inputs('shop/FulfilmentWorker/script').scriptName,
      queueId: 'shop/Fulfilment/queue-queue-id',
      deadLetterQueue: inputs('shop/Fulfilment/queue-dead-letters').queueName,
      settings: { batchSize: 10, maxRetries: 3 },
    });
    expect(jsonBinding('FulfilmentWorker', 'ANYCLOUD_SOURCES')).toEqual({
      [String(inputs('shop/Fulfilment/queue').queueName)]: { kind: 'queue', id: 'Fulfilment' },
    });
  });

  test('the topic becomes one queue (with dead letters) per subscriber; publish binds all of them', () => {
    for (const fn of ['EmailNotifier', 'AnalyticsRecorder']) {
      const queue = inputs(`shop/OrderEvents/${fn}-queue`).queueName;
      expect(inputs(`shop/OrderEvents/${fn}-consumer`)).toMatchObject({
        scriptName: inputs(`shop/${fn}/script`).scriptName,
        deadLetterQueue: inputs(`shop/OrderEvents/${fn}-queue-dead-letters`).queueName,
      });
      expect(jsonBinding(fn, 'ANYCLOUD_SOURCES')).toEqual({
        [String(queue)]: { kind: 'topic', id: 'OrderEvents' },
      });
      expect(bindingsOf('CreateOrder').some((b) => b.queueName === queue)).toBe(true);
    }
  });

  test('object events: an R2 event notification with the prefix, into a queue consumed by the subscriber', () => {
    expect(inputs('shop/Images/events-0')).toMatchObject({
      bucketName: inputs('shop/Images/bucket').name,
      queueId: 'shop/Images/events-0-queue-queue-id',
      rules: [{ actions: ['PutObject', 'CopyObject', 'CompleteMultipartUpload'], prefix: 'images/' }],
    });
    expect(inputs('shop/Images/Thumbnailer-consumer')).toMatchObject({
      scriptName: inputs('shop/Thumbnailer/script').scriptName,
      settings: { maxRetries: 3 },
    });
  });

  test("cron firings go through the function's own schedule queue: 2 retries, then dead letters", () => {
    const queueName = inputs('shop/NightlyReport/schedule-queue').queueName;
    expect(bindingsOf('NightlyReport')).toContainEqual({
      type: 'queue',
      name: 'ANYCLOUD_SCHEDULE_QUEUE',
      queueName,
    });
    expect(inputs('shop/NightlyReport/NightlyReport-consumer')).toMatchObject({
      scriptName: inputs('shop/NightlyReport/script').scriptName,
      deadLetterQueue: inputs('shop/NightlyReport/schedule-queue-dead-letters').queueName,
      settings: { maxRetries: 2 },
    });
    expect(jsonBinding('NightlyReport', 'ANYCLOUD_SOURCES')).toEqual({
      [String(queueName)]: { kind: 'schedule', id: 'NightlyReport' },
    });
  });

  test('the Europe/Paris schedule fires hourly in UTC and the Worker runs it when croner fires 02:00 Paris time', () => {
    expect(inputs('shop/NightlyReport/crons').schedules).toEqual([{ cron: '0 * * * *' }]);
    expect(jsonBinding('NightlyReport', 'ANYCLOUD_SCHEDULES')).toEqual({
      '0 * * * *': [{ id: 'Nightly', timeZone: 'Europe/Paris', cron: '0 2 * * *' }],
    });
  });

  test('byte-identical on every run', async () => {
    const again = await synth(shopApp(), 'cloudflare', { secrets: { ReportingApiKey: 'another-value' } });
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  });

  test('snapshot', () => {
    expect(doc).toMatchSnapshot();
  });
});

describe('escape hatches on Cloudflare', () => {
  test('transforms change native arguments; nativeOf returns the declared resources', async () => {
    const app = shopApp();
    let build: CloudflareBuild | undefined;
    const captured = await capturePulumiProgram(() => {
      build = buildCloudflare(app, {
        accountId: SYNTH_ACCOUNT_ID,
        secretValue: () => pulumi.secret('value'),
        transforms: {
          function: (args, fn: Function) => ({ ...args, logpush: fn.node.id === 'CreateOrder' }),
          table: (args) => ({ ...args, primaryLocationHint: 'weur' }),
        },
      });
    });
    const find = (name: string) => captured.resources.find((r) => r.name === name)!.inputs;
    expect(find('shop/CreateOrder/script').logpush).toBe(true);
    expect(find('shop/GetOrder/script').logpush).toBe(false);
    expect(find('shop/Orders/database').primaryLocationHint).toBe('weur');

    const orders = app.node.findChild('Orders') as Table;
    const createOrder = app.node.findChild('CreateOrder') as Function;
    expect(build!.nativeOf(orders).database).toBeInstanceOf(cloudflare.D1Database);
    expect(build!.nativeOf(createOrder).script).toBeInstanceOf(cloudflare.WorkersScript);
    expect(build!.bundleOf(createOrder).bytes).toBeGreaterThan(0);
  });

  test('componentOptions reach every native resource (here a Pulumi transformation on the components)', async () => {
    const captured = await capturePulumiProgram(() => {
      buildCloudflare(shopApp(), {
        accountId: SYNTH_ACCOUNT_ID,
        secretValue: () => pulumi.secret('value'),
        componentOptions: {
          transformations: [
            (args) =>
              args.type === 'cloudflare:index/workersScript:WorkersScript'
                ? { props: { ...args.props, logpush: true }, opts: args.opts }
                : undefined,
          ],
        },
      });
    });
    const scripts = captured.resources.filter(
      (r) => r.type === 'cloudflare:index/workersScript:WorkersScript',
    );
    expect(scripts).toHaveLength(11);
    for (const s of scripts) expect(s.inputs.logpush).toBe(true);
  });

  test('a secret without a value is reported with the command that sets it, before anything is declared', async () => {
    const outcome = await capturePulumiProgram(() => {
      buildCloudflare(shopApp(), { accountId: SYNTH_ACCOUNT_ID });
    }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(ValidationError);
    expect((outcome as ValidationError).issues).toEqual([
      expect.objectContaining({
        path: 'shop/ReportingApiKey',
        rule: 'cloudflare.secret.missing',
        message: expect.stringContaining(
          'pulumi config set --secret anycloud:secret-ReportingApiKey <value>',
        ),
      }),
    ]);
  });
});
