import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionPackager } from '../../providers/gcp/bundling';
import type { GcpTriggers } from '../../providers/gcp/runtime/function-settings';
import { serveFunction, stopFunction, type ServedFunction } from './harness/gcp-app';

// The GCP shim in its real host: a package built as the adapter builds it, served by the
// Functions Framework's own CLI (as Cloud Run functions runs it), fed Pub/Sub push envelopes and a
// Cloud Storage notification shaped like the samples Google publishes.

const handlers = join(__dirname, 'fixtures', 'push-handlers.ts');
const work = mkdtempSync(join(tmpdir(), 'anycloud-gcp-entry-'));
const packager = new FunctionPackager(join(work, 'cache'));

async function start(
  exportName: string,
  triggers: GcpTriggers,
): Promise<{ fn: ServedFunction; calls: () => unknown[] }> {
  const callsFile = join(work, `${exportName}-${Date.now()}.jsonl`);
  const bundle = packager.package({ entry: handlers, exportName, clients: {} });
  const fn = await serveFunction(exportName, bundle.assetDir, {
    ANYCLOUD_FUNCTION_PATH: `entry/${exportName}`,
    ANYCLOUD_TRIGGERS: JSON.stringify(triggers),
    ANYCLOUD_BINDINGS: '{}',
    IGNORED_ROUTES: '',
    CALLS_FILE: callsFile,
  });
  const calls = () =>
    existsSync(callsFile)
      ? readFileSync(callsFile, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as unknown)
      : [];
  return { fn, calls };
}

/** A push envelope as Pub/Sub sends it (https://cloud.google.com/pubsub/docs/push#receive_push). */
function envelope(data: unknown, deliveryAttempt: number, attributes: Record<string, string> = {}) {
  return {
    message: {
      attributes,
      data: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)).toString('base64'),
      messageId: '2070443601311540',
      message_id: '2070443601311540',
      publishTime: '2026-03-29T01:30:12.345Z',
      publish_time: '2026-03-29T01:30:12.345Z',
    },
    subscription: 'projects/myproject/subscriptions/mysubscription',
    deliveryAttempt,
  };
}

const post = (fn: ServedFunction, path: string, body: unknown) =>
  fetch(`${fn.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the GCP shim under the Functions Framework', () => {
  let queue: { fn: ServedFunction; calls: () => unknown[] };
  let bucket: { fn: ServedFunction; calls: () => unknown[] };
  let routes: { fn: ServedFunction; calls: () => unknown[] };

  beforeAll(async () => {
    [queue, bucket, routes] = await Promise.all([
      start('recordMessages', {
        routes: [],
        pushes: [
          { path: '/_anycloud/push/queue/Jobs', source: { kind: 'queue', id: 'Jobs' }, maxRetries: 1 },
        ],
      }),
      start('recordObjects', {
        routes: [],
        pushes: [
          {
            path: '/_anycloud/push/bucket/Files/0',
            source: { kind: 'bucket', id: 'Files' },
            maxRetries: 3,
            suffix: '.png',
          },
        ],
      }),
      start('echoPath', {
        routes: [
          { key: 'GET /robots.txt', method: 'GET', path: '/robots.txt' },
          { key: 'GET /favicon.ico', method: 'GET', path: '/favicon.ico' },
          { key: 'POST /echo', method: 'POST', path: '/echo' },
        ],
        pushes: [],
      }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([queue, bucket, routes].filter(Boolean).map((s) => stopFunction(s.fn)));
  });

  test('a message runs the handler with its id, JSON body and delivery attempt', async () => {
    const res = await post(queue.fn, '/_anycloud/push/queue/Jobs', envelope({ n: 1 }, 1));
    expect(res.status).toBe(204);
    expect(queue.calls()).toEqual([
      { id: '2070443601311540', body: { n: 1 }, attempt: 1, source: { kind: 'queue', id: 'Jobs' } },
    ]);
  });

  test('a failing handler answers 500 (Pub/Sub redelivers); past maxRetries the delivery is refused without running it', async () => {
    const before = queue.calls().length;
    expect((await post(queue.fn, '/_anycloud/push/queue/Jobs', envelope({ fail: true }, 1))).status).toBe(
      500,
    );
    expect((await post(queue.fn, '/_anycloud/push/queue/Jobs', envelope({ fail: true }, 2))).status).toBe(
      500,
    );
    // maxRetries 1: attempts 3, 4 and 5 (Pub/Sub's minimum before dead-lettering) are refused.
    for (const attempt of [3, 4, 5])
      expect(
        (await post(queue.fn, '/_anycloud/push/queue/Jobs', envelope({ fail: true }, attempt))).status,
      ).toBe(429);
    expect(
      queue
        .calls()
        .slice(before)
        .map((c) => (c as { attempt: number }).attempt),
    ).toEqual([1, 2]);
  });

  test('a delayed message is refused until its time, then runs', async () => {
    const before = queue.calls().length;
    const later = { 'anycloud-deliver-after': String(Date.now() + 60_000) };
    expect((await post(queue.fn, '/_anycloud/push/queue/Jobs', envelope({ d: 1 }, 1, later))).status).toBe(
      429,
    );
    const due = { 'anycloud-deliver-after': String(Date.now() - 1) };
    expect((await post(queue.fn, '/_anycloud/push/queue/Jobs', envelope({ d: 1 }, 2, due))).status).toBe(204);
    expect(queue.calls().slice(before)).toHaveLength(1);
  });

  test('a Cloud Storage notification (JSON_API_V1) becomes an object event; a key without the suffix is acknowledged and skipped', async () => {
    // The object resource and attributes of an OBJECT_FINALIZE notification, as Google documents them.
    const object = {
      kind: 'storage#object',
      id: 'bucket/images/cat.png/1711675812345678',
      name: 'images/cat.png',
      bucket: 'bucket',
      generation: '1711675812345678',
      contentType: 'image/png',
      size: '48213',
      timeCreated: '2026-03-29T01:30:12.345Z',
    };
    const attributes = (objectId: string, eventType = 'OBJECT_FINALIZE') => ({
      bucketId: 'bucket',
      eventTime: '2026-03-29T01:30:12.345678Z',
      eventType,
      notificationConfig: 'projects/_/buckets/bucket/notificationConfigs/3',
      objectGeneration: '1711675812345678',
      objectId,
      payloadFormat: 'JSON_API_V1',
    });
    expect(
      (
        await post(
          bucket.fn,
          '/_anycloud/push/bucket/Files/0',
          envelope(object, 1, attributes('images/cat.png')),
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await post(
          bucket.fn,
          '/_anycloud/push/bucket/Files/0',
          envelope(object, 1, attributes('images/cat.jpg')),
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await post(
          bucket.fn,
          '/_anycloud/push/bucket/Files/0',
          envelope(object, 1, attributes('old/dog.png', 'OBJECT_DELETE')),
        )
      ).status,
    ).toBe(204);
    expect(bucket.calls()).toEqual([
      {
        type: 'created',
        bucket: 'Files',
        key: 'images/cat.png',
        size: 48213,
        time: '2026-03-29T01:30:12.345678Z',
      },
      { type: 'removed', bucket: 'Files', key: 'old/dog.png', time: '2026-03-29T01:30:12.345678Z' },
    ]);
  });

  test('a push to a path the function does not serve, or a body that is not an envelope, answers 404', async () => {
    expect((await post(queue.fn, '/_anycloud/push/queue/Other', envelope({}, 1))).status).toBe(404);
    expect((await post(queue.fn, '/_anycloud/push/queue/Jobs', { not: 'an envelope' })).status).toBe(404);
  });

  test('IGNORED_ROUTES is empty: /robots.txt and /favicon.ico reach the handler', async () => {
    for (const path of ['/robots.txt', '/favicon.ico']) {
      const res = await fetch(`${routes.fn.url}${path}`);
      expect([path, res.status, await res.text()]).toEqual([path, 200, `handled ${path}`]);
    }
  });

  test('deviation: a body that is not JSON gets the framework’s HTML 400 before the handler runs', async () => {
    const res = await fetch(`${routes.fn.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
