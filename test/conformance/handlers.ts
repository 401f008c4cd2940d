import {
  AccessError,
  HttpError,
  LimitError,
  bucket,
  http,
  messages,
  objectEvent,
  queue,
  schedule,
  secret,
  table,
  topic,
} from 'anycloud/runtime';

/** The neutral conformance handlers: every target must give the results the cases expect. */

export const echo = http(async (request) => {
  const body = request.method === 'POST' ? await request.json() : undefined;
  return {
    status: request.method === 'POST' ? 201 : 200,
    headers: { 'x-conformance': 'yes' },
    json: {
      method: request.method,
      path: request.path,
      route: request.route,
      name: request.params.name,
      query: request.query,
      header: request.headers['x-test'] ?? null,
      body: body ?? null,
    },
  };
});

export const text = http(() => ({
  status: 202,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: 'plain text',
}));

export const boom = http(() => {
  throw new Error('secret internal detail');
});

const items = () => table<{ pk: string; sk: number; value?: string; expiresAt?: number }>('Items');

export const putItem = http(async (request) => {
  const body = await request.json<{ value?: string; expiresAt?: number }>();
  const item = { pk: request.params.pk, sk: Number(request.params.sk), ...body };
  await items().put(item);
  return { status: 201, json: item };
});

export const getItem = http(async (request) => {
  const item = await items().get({ pk: request.params.pk, sk: Number(request.params.sk) });
  if (!item) throw new HttpError(404, 'not found');
  return { json: item };
});

export const deleteItem = http(async (request) => {
  await items().delete({ pk: request.params.pk, sk: Number(request.params.sk) });
  return { status: 204 };
});

export const queryItems = http(async (request) => {
  const q = request.query;
  const sort =
    q.gte !== undefined
      ? { gte: Number(q.gte) }
      : q.lt !== undefined
        ? { lt: Number(q.lt) }
        : q.from !== undefined
          ? { between: [Number(q.from), Number(q.to)] as const }
          : undefined;
  const page = await items().query({
    partition: request.params.pk,
    sort,
    limit: q.limit ? Number(q.limit) : undefined,
    cursor: q.cursor,
    order: q.order === 'desc' ? 'desc' : 'asc',
  });
  return { json: { sks: page.items.map((i) => i.sk), cursor: page.cursor ?? null } };
});

export const putFile = http(async (request) => {
  await bucket('Files').put(request.params.name, await request.bytes(), {
    contentType: request.headers['content-type'],
  });
  return { status: 201, json: { key: request.params.name } };
});

export const getFile = http(async (request) => {
  const object = await bucket('Files').get(request.params.name);
  if (!object) throw new HttpError(404, 'no such file');
  return {
    headers: { 'content-type': object.contentType ?? 'application/octet-stream' },
    body: object.text(),
  };
});

/** The value of secret ApiKey, as the target's secret store gives it to a granted function. */
export const readSecret = http(async () => ({ json: { value: await secret('ApiKey').value() } }));

export const deleteFile = http(async (request) => {
  await bucket('Files').delete(request.params.name);
  return { status: 204 };
});

export const listFiles = http(async (request) => {
  const page = await bucket('Files').list({
    prefix: request.query.prefix,
    limit: request.query.limit ? Number(request.query.limit) : undefined,
    cursor: request.query.cursor,
  });
  return {
    json: {
      keys: page.objects.map((o) => o.key),
      sizes: page.objects.map((o) => o.size),
      cursor: page.cursor ?? null,
    },
  };
});

export const enqueue = http(async (request) => {
  const { messages: list, delaySeconds } = await request.json<{
    messages: unknown[];
    delaySeconds?: number;
  }>();
  for (const message of list) await queue('Jobs').send(message, delaySeconds ? { delaySeconds } : undefined);
  return { status: 202, json: { sent: list.length } };
});

export const publish = http(async (request) => {
  await topic('Events').publish(await request.json());
  return { status: 202, json: { published: true } };
});

/** Has read access to Items only: writing, or touching the Log table, must fail with the grant named. */
export const forbidden = http(async (request) => {
  try {
    if (request.query.what === 'ungranted') await table('Log').get({ source: 'x', id: 'y' });
    else await items().put({ pk: 'p', sk: 1 });
    return { json: { allowed: true } };
  } catch (error) {
    if (error instanceof AccessError || (error as Error).name === 'AccessError') {
      return { status: 403, json: { error: (error as Error).message } };
    }
    throw error;
  }
});

const log = () => table<{ source: string; id: string; detail: unknown }>('Log');

export const readLog = http(async (request) => {
  const page = await log().query({ partition: request.params.source, limit: 100 });
  return { json: page.items.map((i) => ({ id: i.id, detail: i.detail })) };
});

/** Queue worker: `failTimes` makes a message fail on its first attempts; it records its successful attempt. */
export const worker = messages<{ id: string; failTimes: number }>(async (message) => {
  if (message.attempt <= message.body.failTimes)
    throw new Error(`job ${message.body.id} fails on attempt ${message.attempt}`);
  await log().put({
    source: 'worker',
    id: message.body.id,
    detail: { attempt: message.attempt, from: message.source },
  });
});

export const subscriberA = messages<{ id: string }>(async (message) => {
  await log().put({ source: 'subscriber-a', id: message.body.id, detail: { from: message.source } });
});

export const subscriberB = messages<{ id: string }>(async (message) => {
  await log().put({ source: 'subscriber-b', id: message.body.id, detail: { from: message.source } });
});

export const onUpload = objectEvent(async (event) => {
  await log().put({
    source: 'upload',
    id: event.key,
    detail: { type: event.type, bucket: event.bucket, size: event.size ?? null },
  });
});

export const onOddUpload = objectEvent(async (event) => {
  await log().put({ source: 'odd-upload', id: event.key, detail: { type: event.type } });
});

export const tick = schedule(async (event) => {
  await log().put({ source: 'tick', id: event.time, detail: { scheduleId: event.scheduleId } });
});

/** The request as the handler sees it: full URL, host, decoded path and query, every `tag` value. */
export const inspect = http((request) => ({
  json: {
    url: request.url,
    host: request.headers.host ?? null,
    path: request.path,
    query: request.query,
    tags: new URL(request.url).searchParams.getAll('tag'),
  },
}));

/** Three cookies: one through `headers`, two through `cookies`. */
export const cookies = http(() => ({
  headers: { 'set-cookie': 'first=1; Path=/' },
  cookies: ['session=abc; HttpOnly; Secure; SameSite=Lax', 'theme=dark; Max-Age=3600'],
  json: { ok: true },
}));

/** A gzip-compressed JSON body, compressed by the handler (`CompressionStream`, on every runtime). */
export const gzip = http(async () => {
  const json = JSON.stringify({ compressed: true, text: 'x'.repeat(2000), utf8: 'été 🌍' });
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
  const body = new Uint8Array(await new Response(stream).arrayBuffer());
  return { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body };
});

/** Raw bytes in and out: the request body reversed. */
export const reverseBytes = http(async (request) => {
  const input = await request.bytes();
  return {
    headers: { 'content-type': 'application/octet-stream', 'x-received': String(input.length) },
    body: input.slice().reverse(),
  };
});

/** A text body in another charset: `café` in ISO-8859-1 (é is the single byte 0xE9, not UTF-8). */
export const latin1 = http(() => ({
  headers: { 'content-type': 'text/plain; charset=iso-8859-1' },
  body: new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
}));

const catalog = () =>
  table<{ pk: string; n: number; size?: string; expiresAt?: number; blob?: string }>('Catalog');

/** PUT /catalog/{pk}/{n}: stores an item (optionally with expiresAt). */
export const putCatalog = http(async (request) => {
  const body = await request.json<{ expiresAt?: number }>();
  await catalog().put({ pk: request.params.pk, n: Number(request.params.n), ...body });
  return { status: 201 };
});

/** GET /catalog?limit=&cursor=: one page of a scan of the whole table. */
export const scanCatalog = http(async (request) => {
  const page = await catalog().scan({
    limit: request.query.limit ? Number(request.query.limit) : undefined,
    cursor: request.query.cursor,
  });
  return { json: { keys: page.items.map((i) => `${i.pk}/${i.n}`), cursor: page.cursor ?? null } };
});

/**
 * POST /limits {bytes, pk}: puts an item whose JSON is exactly `bytes` long (padding in `blob`)
 * under partition `pk`, reads it back; a LimitError answers 413 with its message.
 */
export const limits = http(async (request) => {
  const { bytes, pk } = await request.json<{ bytes: number; pk: string }>();
  const base = { pk, n: 1, blob: '' };
  const item = { ...base, blob: 'x'.repeat(bytes - new TextEncoder().encode(JSON.stringify(base)).length) };
  try {
    await catalog().put(item);
  } catch (error) {
    if (error instanceof LimitError || (error as Error).name === 'LimitError')
      return { status: 413, json: { error: (error as Error).message } };
    throw error;
  }
  const stored = await catalog().get({ pk, n: 1 });
  await catalog().delete({ pk, n: 1 });
  return { status: 201, json: { bytes: new TextEncoder().encode(JSON.stringify(stored)).length } };
});

/** The caller as the target verified it: `sub` and scopes from the token (auth cases). */
export const whoami = http((request) => ({
  json: { sub: request.auth?.sub ?? null, scopes: request.auth?.scopes ?? null, route: request.route },
}));
