import { CONFORMANCE_SECRETS } from './app';
import type { ConformanceRunner } from './runner';

/** One conformance case: a name and what it checks, written only against the runner. */
export interface ConformanceCase {
  readonly name: string;
  run(t: ConformanceRunner): Promise<void>;
}

/** A JSON request body with its content type. */
export const json = (value: unknown) => ({
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json' },
});

/** The cases every target must pass unchanged. Cases run in order and may build on earlier state. */
export const CONFORMANCE_CASES: ConformanceCase[] = [
  {
    name: 'http: path params, query, headers and a JSON response with custom headers',
    async run(t) {
      const res = await t.fetch('GET', '/echo/world?x=1&flag=on', { headers: { 'X-Test': 'abc' } });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['x-conformance']).toBe('yes');
      expect(res.json()).toEqual({
        method: 'GET',
        path: '/echo/world',
        route: 'GET /echo/{name}',
        name: 'world',
        query: { x: '1', flag: 'on' },
        header: 'abc',
        body: null,
      });
    },
  },
  {
    name: 'http: URL-encoded path parameters are decoded',
    async run(t) {
      const res = await t.fetch('GET', '/echo/hello%20there');
      expect(res.json().name).toBe('hello there');
    },
  },
  {
    name: 'http: JSON request body and status code',
    async run(t) {
      const res = await t.fetch('POST', '/echo/x', json({ a: [1, 2], b: 'é' }));
      expect(res.status).toBe(201);
      expect(res.json().body).toEqual({ a: [1, 2], b: 'é' });
    },
  },
  {
    name: 'http: a body that is not JSON answers 400 with a JSON error',
    async run(t) {
      const res = await t.fetch('POST', '/echo/x', {
        body: '{not json',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({ error: 'request body is not valid JSON' });
    },
  },
  {
    name: 'http: a text response keeps its content type and status',
    async run(t) {
      const res = await t.fetch('GET', '/text');
      expect(res.status).toBe(202);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.text).toBe('plain text');
    },
  },
  {
    name: 'http: an unexpected error answers 500 without leaking its message',
    async run(t) {
      const res = await t.fetch('GET', '/boom');
      expect(res.status).toBe(500);
      expect(res.json()).toEqual({ error: 'Internal Server Error' });
      expect(res.text).not.toContain('secret internal detail');
    },
  },
  {
    name: 'http: a path no route matches answers 404',
    async run(t) {
      expect((await t.fetch('GET', '/no/such/route')).status).toBe(404);
      expect((await t.fetch('DELETE', '/echo/x')).status).toBe(404);
    },
  },
  {
    name: 'http: the query reads like URLSearchParams (commas, repeated keys, +, UTF-8) and the request has its full URL',
    async run(t) {
      const search = '?q=Paris%2C%20France&tag=a&tag=b,c&plus=a+b&utf=%C3%A9t%C3%A9';
      const res = await t.fetch('GET', `/inspect/hello%20there${search}`);
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body.query).toEqual({ q: 'Paris, France', tag: 'b,c', plus: 'a b', utf: 'été' });
      expect(body.tags).toEqual(['a', 'b,c']);
      expect(body.path).toBe('/inspect/hello there');
      const url = new URL(body.url);
      expect(url.protocol).toMatch(/^https?:$/);
      expect(url.host).toBe(body.host);
      expect(url.pathname).toBe('/inspect/hello%20there');
      expect(url.search).toBe(search);
      expect(new URL('/orders/1', body.url).href).toBe(`${url.origin}/orders/1`);
    },
  },
  {
    name: 'http: a response sets several cookies, each its own Set-Cookie header',
    async run(t) {
      const res = await t.fetch('GET', '/cookies');
      expect(res.status).toBe(200);
      expect(res.cookies).toEqual([
        'first=1; Path=/',
        'session=abc; HttpOnly; Secure; SameSite=Lax',
        'theme=dark; Max-Age=3600',
      ]);
      expect(res.headers['set-cookie']).toBeUndefined();
    },
  },
  {
    name: 'http: a gzip-encoded JSON body reaches the client intact',
    async run(t) {
      const res = await t.fetch('GET', '/gzip');
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.json()).toEqual({ compressed: true, text: 'x'.repeat(2000), utf8: 'été 🌍' });
    },
  },
  {
    name: 'http: raw bytes in and out, and a text body in a non-UTF-8 charset, are sent byte for byte',
    async run(t) {
      const every = Uint8Array.from({ length: 256 }, (_, i) => i);
      const res = await t.fetch('POST', '/bytes', {
        body: every,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.status).toBe(200);
      expect(res.headers['x-received']).toBe('256');
      expect(Array.from(res.bytes)).toEqual(Array.from(every).reverse());
      const latin1 = await t.fetch('GET', '/latin1');
      expect(latin1.headers['content-type']).toBe('text/plain; charset=iso-8859-1');
      expect(Array.from(latin1.bytes)).toEqual([0x63, 0x61, 0x66, 0xe9]);
    },
  },
  {
    name: 'http: an API whose CORS depends on the origin sends Vary: Origin on every answer',
    async run(t) {
      const vary = (res: { headers: Record<string, string> }) =>
        (res.headers.vary ?? '').split(',').map((v) => v.trim().toLowerCase());
      expect(vary(await t.fetch('GET', '/text'))).toContain('origin');
      const refused = await t.fetch('GET', '/text', { headers: { origin: 'https://evil.example' } });
      expect(vary(refused)).toContain('origin');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect(vary(await t.fetch('GET', '/text', { headers: { origin: 'https://app.example' } }))).toContain(
        'origin',
      );
    },
  },
  {
    name: 'table: put, get, missing get, delete',
    async run(t) {
      expect((await t.fetch('PUT', '/items/crud/1', json({ value: 'one' }))).status).toBe(201);
      const got = await t.fetch('GET', '/items/crud/1');
      expect(got.status).toBe(200);
      expect(got.json()).toEqual({ pk: 'crud', sk: 1, value: 'one' });
      expect((await t.fetch('GET', '/items/crud/2')).status).toBe(404);
      expect((await t.fetch('DELETE', '/items/crud/1')).status).toBe(204);
      expect((await t.fetch('GET', '/items/crud/1')).status).toBe(404);
    },
  },
  {
    name: 'table: query order, sort-key conditions and paging with exact cursors',
    async run(t) {
      for (const sk of [5, 3, 1, 4, 2, 10]) await t.fetch('PUT', `/items/q/${sk}`, json({ value: `v${sk}` }));
      await t.fetch('PUT', '/items/other/1', json({}));
      const all = (await t.fetch('GET', '/items/q')).json();
      expect(all).toEqual({ sks: [1, 2, 3, 4, 5, 10], cursor: null });
      expect((await t.fetch('GET', '/items/q?order=desc')).json().sks).toEqual([10, 5, 4, 3, 2, 1]);
      expect((await t.fetch('GET', '/items/q?gte=4')).json().sks).toEqual([4, 5, 10]);
      expect((await t.fetch('GET', '/items/q?lt=3')).json().sks).toEqual([1, 2]);
      expect((await t.fetch('GET', '/items/q?from=2&to=4')).json().sks).toEqual([2, 3, 4]);
      const pages: number[][] = [];
      let cursor: string | null = null;
      do {
        const page: { sks: number[]; cursor: string | null } = (
          await t.fetch('GET', `/items/q?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        ).json();
        pages.push(page.sks);
        cursor = page.cursor;
      } while (cursor);
      expect(pages).toEqual([
        [1, 2],
        [3, 4],
        [5, 10],
      ]);
      const desc = (await t.fetch('GET', '/items/q?order=desc&limit=4')).json();
      expect(desc.sks).toEqual([10, 5, 4, 3]);
      const rest = (
        await t.fetch('GET', `/items/q?order=desc&limit=4&cursor=${encodeURIComponent(desc.cursor)}`)
      ).json();
      expect(rest).toEqual({ sks: [2, 1], cursor: null });
    },
  },
  {
    name: 'table: items past their TTL are gone for get and query',
    async run(t) {
      const past = Math.floor(Date.now() / 1000) - 60;
      const future = Math.floor(Date.now() / 1000) + 3600;
      await t.fetch('PUT', '/items/ttl/1', json({ expiresAt: past }));
      await t.fetch('PUT', '/items/ttl/2', json({ expiresAt: future }));
      expect((await t.fetch('GET', '/items/ttl/1')).status).toBe(404);
      expect((await t.fetch('GET', '/items/ttl/2')).status).toBe(200);
      expect((await t.fetch('GET', '/items/ttl')).json().sks).toEqual([2]);
    },
  },
  {
    name: 'table: scan pages through every live item exactly once',
    async run(t) {
      const keys = ['a/1', 'a/2', 'a/10', 'b/1', 'c/5', 'c/6', 'd/-3'];
      for (const key of keys) expect((await t.fetch('PUT', `/catalog/${key}`, json({}))).status).toBe(201);
      const past = Math.floor(Date.now() / 1000) - 60;
      await t.fetch('PUT', '/catalog/e/1', json({ expiresAt: past }));
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const page: { keys: string[]; cursor: string | null } = (
          await t.fetch('GET', `/catalog?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        ).json();
        pages.push(page.keys);
        cursor = page.cursor;
      } while (cursor && pages.length < 20);
      const seen = pages.flat();
      expect([...seen].sort()).toEqual([...keys].sort());
      expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
      expect((await t.fetch('GET', '/catalog?limit=1000')).json()).toEqual({
        keys: expect.any(Array),
        cursor: null,
      });
    },
  },
  {
    name: 'table: items up to 400 KB are stored; bigger items, long or empty keys fail with the same error everywhere',
    async run(t) {
      const limit = 400 * 1024;
      const under = await t.fetch('POST', '/limits', json({ bytes: limit, pk: 'big' }));
      expect(under.status).toBe(201);
      expect(under.json()).toEqual({ bytes: limit });
      const over = await t.fetch('POST', '/limits', json({ bytes: limit + 1, pk: 'big' }));
      expect(over.status).toBe(413);
      expect(over.json().error).toBe(
        `table "Catalog": item is ${limit + 1} bytes; the limit is ${limit} bytes (400 KB) on every target`,
      );
      const longKey = await t.fetch('POST', '/limits', json({ bytes: 3000, pk: 'k'.repeat(2049) }));
      expect(longKey.json().error).toBe(
        'table "Catalog": partition key "pk" is 2049 bytes; the limit is 2048 bytes on every target',
      );
      const empty = await t.fetch('POST', '/limits', json({ bytes: 100, pk: '' }));
      expect(empty.json().error).toBe(
        'table "Catalog": partition key "pk" is an empty string; keys must not be empty on every target',
      );
    },
  },
  {
    name: 'bucket: put, get with content type, list sorted with prefix and paging, missing get',
    async run(t) {
      for (const key of ['b.txt', 'a.txt', 'dir/c.txt', 'dir/d.txt']) {
        const res = await t.fetch('PUT', `/files/${key}`, {
          body: `content of ${key}`,
          headers: { 'content-type': 'text/plain' },
        });
        expect(res.status).toBe(201);
      }
      const file = await t.fetch('GET', '/file/a.txt');
      expect(file.status).toBe(200);
      expect(file.text).toBe('content of a.txt');
      expect(file.headers['content-type']).toBe('text/plain');
      expect((await t.fetch('GET', '/file/missing.txt')).status).toBe(404);
      expect((await t.fetch('GET', '/files')).json()).toEqual({
        keys: ['a.txt', 'b.txt', 'dir/c.txt', 'dir/d.txt'],
        sizes: [16, 16, 20, 20],
        cursor: null,
      });
      expect((await t.fetch('GET', '/files?prefix=dir/')).json().keys).toEqual(['dir/c.txt', 'dir/d.txt']);
      const first = (await t.fetch('GET', '/files?limit=3')).json();
      expect(first.keys).toEqual(['a.txt', 'b.txt', 'dir/c.txt']);
      expect(first.cursor).toEqual(expect.any(String));
      const second = (
        await t.fetch('GET', `/files?limit=3&cursor=${encodeURIComponent(first.cursor)}`)
      ).json();
      expect(second).toEqual({ keys: ['dir/d.txt'], sizes: [20], cursor: null });
    },
  },
  {
    name: 'grants: a write beyond a read grant, or a resource never granted, fails naming the grant to add',
    async run(t) {
      const write = await t.fetch('POST', '/forbidden');
      expect(write.status).toBe(403);
      expect(write.json().error).toBe(
        'function "conformance/Forbidden" may only read table "Items": put() needs Items.grantReadWrite(fn)',
      );
      const ungranted = await t.fetch('POST', '/forbidden?what=ungranted');
      expect(ungranted.status).toBe(403);
      expect(ungranted.json().error).toBe(
        'function "conformance/Forbidden" has no grant on table "Log": add Log.grantRead(fn) or Log.grantReadWrite(fn) to the app',
      );
    },
  },
  {
    name: 'queue: failing messages are retried alone, then dead-lettered after maxRetries; the others are processed once',
    async run(t) {
      const jobs = [
        { id: 'ok-1', failTimes: 0 },
        { id: 'flaky', failTimes: 2 },
        { id: 'poison', failTimes: 99 },
        { id: 'ok-2', failTimes: 0 },
      ];
      expect((await t.fetch('POST', '/jobs', json({ messages: jobs }))).status).toBe(202);
      await t.drain();
      const done = (await t.fetch('GET', '/log/worker')).json() as {
        id: string;
        detail: { attempt: number; from: unknown };
      }[];
      expect(done.map((d) => [d.id, d.detail.attempt])).toEqual([
        ['flaky', 3],
        ['ok-1', 1],
        ['ok-2', 1],
      ]);
      expect(done[0].detail.from).toEqual({ kind: 'queue', id: 'Jobs' });
      expect(await t.deadLetters('Jobs')).toEqual([{ id: 'poison', failTimes: 99 }]);
    },
  },
  {
    name: 'topic: a published message reaches every subscriber',
    async run(t) {
      expect((await t.fetch('POST', '/events', json({ id: 'evt-1' }))).status).toBe(202);
      await t.drain();
      for (const source of ['subscriber-a', 'subscriber-b']) {
        expect((await t.fetch('GET', `/log/${source}`)).json()).toEqual([
          { id: 'evt-1', detail: { from: { kind: 'topic', id: 'Events' } } },
        ]);
      }
    },
  },
  {
    name: "secret: a granted function reads the value set in the target's secret store, byte for byte",
    async run(t) {
      const res = await t.fetch('GET', '/secret');
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ value: CONFORMANCE_SECRETS.ApiKey });
    },
  },
  {
    name: 'bucket: a deleted object is gone from reads and listings, and deleting it again succeeds',
    async run(t) {
      const put = await t.fetch('PUT', '/files/gone.txt', {
        body: 'bye',
        headers: { 'content-type': 'text/plain' },
      });
      expect(put.status).toBe(201);
      expect((await t.fetch('GET', '/file/gone.txt')).text).toBe('bye');
      expect((await t.fetch('DELETE', '/files/gone.txt')).status).toBe(204);
      expect((await t.fetch('GET', '/file/gone.txt')).status).toBe(404);
      expect((await t.fetch('GET', '/files?prefix=gone')).json().keys).toEqual([]);
      expect((await t.fetch('DELETE', '/files/gone.txt')).status).toBe(204);
    },
  },
  {
    name: 'bucket: object-created events reach the handler, filtered by prefix',
    async run(t) {
      await t.fetch('PUT', '/files/uploads/photo 1.png', {
        body: 'png!',
        headers: { 'content-type': 'image/png' },
      });
      await t.fetch('PUT', '/files/elsewhere/photo.png', {
        body: 'png!',
        headers: { 'content-type': 'image/png' },
      });
      await t.drain();
      expect((await t.fetch('GET', '/log/upload')).json()).toEqual([
        { id: 'uploads/photo 1.png', detail: { type: 'created', bucket: 'Files', size: 4 } },
      ]);
    },
  },
  {
    name: 'bucket: keys with a space, +, % and non-ASCII reach the handler as written, and filters on them match exactly',
    async run(t) {
      const put = (key: string) =>
        t.fetch('PUT', `/files/${key.split('/').map(encodeURIComponent).join('/')}`, {
          body: 'x',
          headers: { 'content-type': 'text/plain' },
        });
      for (const key of [
        'odd dir/é 100%+%.txt', // matches prefix and suffix
        'odd dir/é(1) a+b%.txt', // suffix differs: ends with '%.txt' without the '+'
        'odd dir/e 100%+%.txt', // prefix differs: 'e' is not 'é'
        'odd dirs/é+%.txt', // prefix differs after the space
      ])
        expect((await put(key)).status).toBe(201);
      await t.drain();
      expect((await t.fetch('GET', '/log/odd-upload')).json()).toEqual([
        { id: 'odd dir/é 100%+%.txt', detail: { type: 'created' } },
      ]);
    },
  },
  {
    name: 'schedule: a firing runs the target with the schedule id and time',
    async run(t) {
      await t.fireSchedule('Every5Minutes', '2026-01-01T02:00:00Z');
      expect((await t.fetch('GET', '/log/tick')).json()).toEqual([
        { id: '2026-01-01T02:00:00Z', detail: { scheduleId: 'Every5Minutes' } },
      ]);
    },
  },
];
