import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore, Timestamp } from '@google-cloud/firestore';
import fc from 'fast-check';
import type { Item, SortCondition, TableClient, TablePage } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { compareKeyValues, matchesSortCondition } from '../../lib/runtime/table-semantics';
import {
  closeFirestoreClients,
  documentIdOf,
  firestoreTableClient,
  itemsCollectionGroup,
  orderedString,
  TTL_FIELD,
} from '../../providers/gcp/runtime/firestore-table-client';
import { startFirestoreEmulator, type GcloudEmulator } from './harness/gcloud-emulator';

// The Table client against Google's Firestore emulator (real Firestore semantics: UTF-8 string
// order, type-bracketed ranges, reserved document ids, collection-group queries), over the REST
// transport the client uses on GCP. That transport wants credentials even for the emulator
// (nodejs-firestore#1811): a throwaway service-account key signs its own JWTs, nothing leaves the
// machine. Jest's VM cannot run gaxios's `import('node-fetch')` (no --experimental-vm-modules),
// so gaxios is handed Node's own fetch through the `window.fetch` it looks for first.

const PROJECT = 'demo';
const DATABASE = 'shop-dev';
let emulator: GcloudEmulator;
let credentialsDir: string;
const savedEnv = { ...process.env };

const globals = globalThis as { window?: unknown };
/** Requests sent over the REST transport. */
let restRequests = 0;

beforeAll(async () => {
  globals.window = {
    fetch: (...args: Parameters<typeof fetch>) => (restRequests++, globalThis.fetch(...args)),
  };
  emulator = await startFirestoreEmulator();
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  process.env.FIRESTORE_PREFER_REST = 'true';
  credentialsDir = mkdtempSync(join(tmpdir(), 'firestore-test-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = join(credentialsDir, 'service-account.json');
  writeFileSync(
    keyFile,
    JSON.stringify({
      type: 'service_account',
      project_id: PROJECT,
      private_key_id: 'test',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      client_email: `test@${PROJECT}.iam.gserviceaccount.com`,
      client_id: '1',
      token_uri: 'http://127.0.0.1:9/token',
    }),
  );
  process.env.GOOGLE_APPLICATION_CREDENTIALS = keyFile;
}, 60_000);

afterAll(async () => {
  await closeFirestoreClients();
  await emulator?.stop();
  if (credentialsDir) rmSync(credentialsDir, { recursive: true, force: true });
  process.env = savedEnv;
  delete globals.window;
}, 60_000);

const binding = (
  name: string,
  sortType?: 'string' | 'number',
  ttl?: string,
  database = DATABASE,
): ResourceBinding => ({
  kind: 'table',
  access: 'readwrite',
  name,
  database,
  projectId: PROJECT,
  partitionKey: { name: 'pk', type: 'string' },
  ...(sortType ? { sortKey: { name: 'sk', type: sortType } } : {}),
  ...(ttl ? { timeToLiveAttribute: ttl } : {}),
});

const client = (name: string, sortType?: 'string' | 'number', ttl?: string): TableClient =>
  firestoreTableClient(binding(name, sortType, ttl));

/** Every item of a query, page by page through the neutral cursor. */
async function allPages(
  read: (cursor?: string) => Promise<TablePage>,
): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read(cursor);
    pages++;
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return { items, pages };
}

/** Code units → string (any, lone surrogates included). */
const units = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd7f0, max: 0xe010 })), {
    maxLength: 6,
  })
  .map((list) => String.fromCharCode(...list));
/** No lone surrogate: the text survives UTF-8. */
const wellFormed = (text: string) => Buffer.from(text).toString() === text;
const utf8Compare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('Firestore keys (pure)', () => {
  test('orderedString: UTF-8 byte order of the results is UTF-16 code-unit order of the inputs, prefixes kept', () => {
    fc.assert(
      fc.property(units, units, (a, b) => {
        const [x, y] = [orderedString(a), orderedString(b)];
        expect(wellFormed(x)).toBe(true);
        expect(Math.sign(utf8Compare(x, y))).toBe(Math.sign(compareKeyValues(a, b)));
        expect(y.startsWith(x)).toBe(b.startsWith(a));
      }),
      { numRuns: 2000 },
    );
    // The case the raw strings get wrong: a surrogate pair sorts below U+E000 in UTF-16, above it in UTF-8.
    expect(compareKeyValues('\u{1f600}', '\ue000')).toBeLessThan(0);
    expect(utf8Compare('\u{1f600}', '\ue000')).toBeGreaterThan(0);
    expect(utf8Compare(orderedString('\u{1f600}'), orderedString('\ue000'))).toBeLessThan(0);
  });

  test('documentIdOf: distinct values give distinct legal ids of at most 1500 bytes', () => {
    const values: (string | number)[] = [
      '.',
      '..',
      '__a__',
      '__x__',
      'a/b',
      '%',
      '%002f',
      '/',
      '',
      '1',
      1,
      0,
      -0.5,
    ];
    const ids = values.map(documentIdOf);
    expect(new Set(ids).size).toBe(values.length);
    expect(documentIdOf(-0)).toBe(documentIdOf(0));
    fc.assert(
      fc.property(units, units, (a, b) => {
        const [x, y] = [documentIdOf(a), documentIdOf(b)];
        expect(x === y).toBe(a === b);
        expect(x).not.toMatch(/\/|^\.\.?$|^__.*__$/);
        expect(wellFormed(x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    const long = documentIdOf('p'.repeat(2000));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(1500);
    expect(long).not.toBe(documentIdOf(`${'p'.repeat(2000)}q`));
  });
});

// Prefixes of each other, the characters ids forbid, and both sides of the UTF-8/UTF-16 disagreement.
const STRINGS = [
  '',
  'a',
  'a/b',
  'a.',
  'a.b',
  '.',
  '..',
  '__x__',
  '__a__',
  '_',
  '%',
  'a%2F',
  'ab',
  'abc',
  'A',
  'Z',
  ' ',
  '\t',
  '\u0000',
  '\u0000a',
  'é',
  '日本',
  '\ud7ff',
  '\u{1f600}',
  '\u{1f600}x',
  '\u{1f601}',
  '\u{10000}',
  '\u{10ffff}',
  '\ud83d',
  'a\ud83d',
  '\udfff',
  '\ue000',
  '\ue000a',
  '\uf8ff',
  '\ufffe',
  '\uffff',
  '\uffffa',
  'a\uffff',
  'a\uffff\uffff',
  'z'.repeat(100),
];

const NUMBERS = [
  -Number.MAX_VALUE,
  -1e21,
  -3,
  -2.5,
  -1,
  -0.5,
  -Number.MIN_VALUE,
  0,
  Number.MIN_VALUE,
  0.25,
  1,
  1.5,
  2,
  10,
  2 ** 53 + 2,
  1e21,
  Number.MAX_VALUE,
];

describe('Table client on Firestore (emulator)', () => {
  const strings = () => client('strings', 'string');
  const numbers = () => client('numbers', 'number');

  beforeAll(async () => {
    await Promise.all(STRINGS.map((sk, i) => strings().put({ pk: 'p/1.', sk, i })));
    await strings().put({ pk: 'other', sk: 'a', i: -1 });
    await Promise.all(NUMBERS.map((sk, i) => numbers().put({ pk: 'n', sk, i })));
  }, 60_000);

  test('get, put (replace) and delete by key; a missing item is undefined; deleting it is not an error', async () => {
    const table = strings();
    expect(await table.get({ pk: 'p/1.', sk: 'a/b' })).toEqual({ pk: 'p/1.', sk: 'a/b', i: 2 });
    expect(await table.get({ pk: 'p/1.', sk: '\ud83d' })).toEqual({
      pk: 'p/1.',
      sk: '\ud83d',
      i: STRINGS.indexOf('\ud83d'),
    });
    await table.put({ pk: 'x', sk: 'k', v: 1, nested: { list: [1, 'two', null, 1.5e300] } });
    expect(await table.get({ pk: 'x', sk: 'k' })).toEqual({
      pk: 'x',
      sk: 'k',
      v: 1,
      nested: { list: [1, 'two', null, 1.5e300] },
    });
    await table.put({ pk: 'x', sk: 'k', v: 2 });
    expect(await table.get({ pk: 'x', sk: 'k' })).toEqual({ pk: 'x', sk: 'k', v: 2 });
    await table.delete({ pk: 'x', sk: 'k' });
    expect(await table.get({ pk: 'x', sk: 'k' })).toBeUndefined();
    await expect(table.delete({ pk: 'x', sk: 'k' })).resolves.toBeUndefined();
    expect((await table.query({ partition: 'x', order: 'desc' })).items).toEqual([]);
    await expect(table.put({ pk: 'x', sk: 1 })).rejects.toThrow(/sk.*string/);
    expect(restRequests).toBeGreaterThan(0); // the transport used on GCP
  });

  const stringConditions: SortCondition[] = [
    { eq: '.' },
    { eq: '\u{1f600}' },
    { eq: 'missing' },
    { lt: '\ue000' },
    { lte: '\uffff' },
    { lt: 'a' },
    { gt: '\u{1f600}' },
    { gt: 'a\uffff' },
    { gte: '\ud800' },
    { gte: '' },
    { between: ['a', '\uffff'] },
    { between: ['\ue000', '\u{10000}'] }, // empty in UTF-16 order (a pair sorts below U+E000)
    { between: ['\u{10000}', '\ue000'] },
    { between: ['_', '__x__'] },
    { beginsWith: 'a' },
    { beginsWith: 'a.' },
    { beginsWith: '' },
    { beginsWith: '_' },
    { beginsWith: '\ud83d' },
    { beginsWith: '\u{1f600}' },
    { beginsWith: '\ud7ff' },
    { beginsWith: '\ue000' },
    { beginsWith: '\uffff' },
    { beginsWith: 'a\uffff' },
    { beginsWith: '\u0000' },
    { beginsWith: 'zzz' },
  ];

  test.each(['asc', 'desc'] as const)(
    'every string sort condition, %s, returns what the neutral semantics say, in order, over pages of 4',
    async (order) => {
      const table = strings();
      for (const sort of stringConditions) {
        const expected = STRINGS.filter((s) => matchesSortCondition(s, sort)).sort(compareKeyValues);
        if (order === 'desc') expected.reverse();
        const { items } = await allPages((cursor) =>
          table.query({ partition: 'p/1.', sort, order, limit: 4, cursor }),
        );
        expect([sort, items.map((i) => i.sk)]).toEqual([sort, expected]);
      }
      const { items } = await allPages((cursor) =>
        table.query({ partition: 'p/1.', order, limit: 4, cursor }),
      );
      const all = [...STRINGS].sort(compareKeyValues);
      expect(items.map((i) => i.sk)).toEqual(order === 'asc' ? all : all.reverse());
    },
  );

  const numberConditions: SortCondition[] = [
    { eq: 0 },
    { eq: 2 ** 53 + 2 },
    { lt: 0 },
    { lte: -0.5 },
    { gt: 1 },
    { gte: 2 },
    { between: [-1, 1.5] },
    { between: [-Number.MIN_VALUE, Number.MIN_VALUE] },
    { between: [3, 2] },
    { beginsWith: '1' },
  ];

  test.each(['asc', 'desc'] as const)(
    'every number sort condition, %s, orders numerically (negative, fractional, huge) over pages of 4',
    async (order) => {
      const table = numbers();
      for (const sort of numberConditions) {
        const expected = NUMBERS.filter((n) => matchesSortCondition(n, sort)).sort(compareKeyValues);
        if (order === 'desc') expected.reverse();
        const { items } = await allPages((cursor) =>
          table.query({ partition: 'n', sort, order, limit: 4, cursor }),
        );
        expect([sort, items.map((i) => i.sk)]).toEqual([sort, expected]);
      }
      await expect(table.query({ partition: 'n', sort: { lt: 'a' } })).rejects.toThrow(/must be numbers/);
    },
  );

  test('a scan pages through 45 partitions once each by the neutral cursor; only this table', async () => {
    const table = client('nosort');
    await Promise.all(Array.from({ length: 45 }, (_, i) => table.put({ pk: `k${i}`, n: i })));
    const { items, pages } = await allPages((cursor) => table.scan({ limit: 10, cursor }));
    expect(items.map((i) => i.n).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 45 }, (_, i) => i),
    );
    expect(pages).toBe(5);
    expect((await table.query({ partition: 'k7' })).items).toEqual([{ pk: 'k7', n: 7 }]);
    expect((await table.query({ partition: 'k7', cursor: 'e30' })).items).toEqual([]);
    const scanned = await allPages((cursor) => strings().scan({ limit: 7, cursor }));
    expect(scanned.items).toHaveLength(STRINGS.length + 1);
    expect(new Set(scanned.items.map((i) => `${String(i.pk)}|${String(i.sk)}`)).size).toBe(
      STRINGS.length + 1,
    );
  });

  test('TTL: an expired item is gone from get, query and scan, reading on past runs of them; the Timestamp is written', async () => {
    const table = client('ttl', 'string', 'expiresAt');
    const now = Math.floor(Date.now() / 1000);
    await table.put({ pk: 'p', sk: 'a', expiresAt: now + 3600 });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => table.put({ pk: 'p', sk: `e${i}`, expiresAt: now - 1 })),
    );
    await table.put({ pk: 'p', sk: 'forever' });
    await table.put({ pk: 'p', sk: 'z', expiresAt: now + 3600 });
    expect(await table.get({ pk: 'p', sk: 'e0' })).toBeUndefined();
    expect(await table.get({ pk: 'p', sk: 'a' })).toMatchObject({ sk: 'a' });
    for (const order of ['asc', 'desc'] as const) {
      const { items, pages } = await allPages((cursor) =>
        table.query({ partition: 'p', order, limit: 1, cursor }),
      );
      const expected = ['a', 'forever', 'z'];
      expect(items.map((i) => i.sk)).toEqual(order === 'asc' ? expected : expected.reverse());
      expect(pages).toBe(3);
    }
    expect((await table.scan()).items.map((i) => i.sk).sort()).toEqual(['a', 'forever', 'z']);
    // The field the TTL policy deletes by.
    const db = new Firestore({ projectId: PROJECT, databaseId: DATABASE, preferRest: true });
    const { docs } = await db.collectionGroup(itemsCollectionGroup('ttl')).get();
    const expiries = docs.map((d) => d.get(TTL_FIELD) as Timestamp | undefined);
    expect(expiries.filter((t) => t === undefined)).toHaveLength(1);
    expect(expiries.filter((t) => t instanceof Timestamp && t.seconds === now - 1)).toHaveLength(12);
    await db.terminate();
  });

  test('a 400 KB item round-trips; past 1,000,000 bytes of JSON is a LimitError; so is a sort key past 1499 bytes', async () => {
    const table = client('big', 'string');
    const big = { pk: 'p', sk: 'big', text: 'é'.repeat(100_000) + 'x'.repeat(200_000) };
    await table.put(big);
    expect(await table.get({ pk: 'p', sk: 'big' })).toEqual(big);
    expect((await table.query({ partition: 'p', order: 'desc' })).items).toEqual([big]);
    await expect(table.put({ pk: 'p', sk: 'huge', text: 'x'.repeat(1_000_000) })).rejects.toMatchObject({
      name: 'LimitError',
    });
    await expect(table.put({ pk: 'p', sk: 'a'.repeat(1500) })).rejects.toMatchObject({ name: 'LimitError' });
    await table.put({ pk: 'p', sk: 'a'.repeat(1499) });
    expect((await table.query({ partition: 'p', sort: { beginsWith: 'aaa' } })).items).toHaveLength(1);
  });

  test('keys that would be illegal document ids (".", "..", "__a__", "a/b", 2000 characters) are stored apart and found', async () => {
    const table = client('ids', 'string');
    const long = 'p'.repeat(2000);
    const keys = ['.', '..', '__a__', '__x__', 'a/b', 'a%002fb', '/', '', long, `${long}q`, '\ud800'];
    // A sort key is limited to 1499 bytes (it is indexed); its id is hashed all the same past 1500.
    const sortOf = (k: string) => (k.length > 1000 ? k.slice(0, 1499) : k);
    await Promise.all(keys.map((k, i) => table.put({ pk: k, sk: sortOf(k), i })));
    for (const [i, k] of keys.entries()) {
      const item = { pk: k, sk: sortOf(k), i };
      expect(await table.get({ pk: k, sk: sortOf(k) })).toEqual(item);
      expect((await table.query({ partition: k })).items).toEqual([item]);
    }
    expect((await allPages((cursor) => table.scan({ limit: 3, cursor }))).items).toHaveLength(keys.length);
  });

  test('two clients (separate SDK instances) racing on one key leave one whole item', async () => {
    let other!: typeof import('../../providers/gcp/runtime/firestore-table-client');
    jest.isolateModules(() => {
      other = require('../../providers/gcp/runtime/firestore-table-client');
    });
    const [a, b] = [client('race', 'string'), other.firestoreTableClient(binding('race', 'string'))];
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? a : b).put({ pk: 'p', sk: 'k', writer: i, pad: 'x'.repeat(i * 100) }),
        ),
      );
      const items = (await a.query({ partition: 'p' })).items;
      expect(items).toHaveLength(1);
      expect(await b.get({ pk: 'p', sk: 'k' })).toEqual(items[0]);
      expect(items[0].pad).toBe('x'.repeat(Number(items[0].writer) * 100));
    } finally {
      await other.closeFirestoreClients();
    }
  });

  test('over gRPC (the default against the emulator) the same client works', async () => {
    delete process.env.FIRESTORE_PREFER_REST;
    const before = restRequests;
    const table = firestoreTableClient(binding('grpc', 'number', undefined, 'grpc-dev'));
    await Promise.all([3, 1, 2].map((sk) => table.put({ pk: 'p', sk })));
    expect((await table.query({ partition: 'p', order: 'desc', limit: 2 })).items.map((i) => i.sk)).toEqual([
      3, 2,
    ]);
    expect(restRequests).toBe(before);
    process.env.FIRESTORE_PREFER_REST = 'true';
  });
});
