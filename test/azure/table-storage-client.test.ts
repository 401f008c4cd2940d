import { createServer, request, type Server } from 'node:http';
import { AzureNamedKeyCredential, TableServiceClient } from '@azure/data-tables';
import type { Item, SortCondition, TableClient, TablePage } from 'anycloud/runtime';
import { compareKeyValues, matchesSortCondition } from '../../lib/runtime/table-semantics';
import { DEVELOPMENT_ACCOUNT } from '../../providers/azure/runtime/storage-credential';
import { tableStorageClient } from '../../providers/azure/runtime/table-storage-client';
import { startAzurite, type Azurite } from './harness/azurite';

// The Table client against Azurite (real Table Storage semantics: ordinal RowKey order, OData
// filters, entity group transactions, 1000-row pages), through a counting proxy that records how
// many rows the service sends back, so "descending reads do not scan the partition" is measured.

let azurite: Azurite;
let proxy: Server;
let proxyEndpoint: string;
/** Rows the service returned since the last reset. */
let rowsReturned = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  const upstream = new URL(azurite.tableEndpoint);
  proxy = createServer((req, res) => {
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (req.method === 'GET' && /json/.test(String(answer.headers['content-type']))) {
            const parsed = JSON.parse(body.toString()) as { value?: unknown[] };
            rowsReturned += Array.isArray(parsed.value) ? parsed.value.length : 1;
          }
          res.writeHead(answer.statusCode!, answer.headers);
          res.end(body);
        });
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  proxyEndpoint = `http://127.0.0.1:${port}/devstoreaccount1`;
  const service = new TableServiceClient(
    azurite.tableEndpoint,
    new AzureNamedKeyCredential(DEVELOPMENT_ACCOUNT.name, DEVELOPMENT_ACCOUNT.key),
    { allowInsecureConnection: true },
  );
  for (const name of ['strings', 'numbers', 'nosort', 'ttl', 'big', 'race']) await service.createTable(name);
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await azurite.stop();
});

const client = (name: string, sortType?: 'string' | 'number', ttl?: string): TableClient =>
  tableStorageClient({
    kind: 'table',
    access: 'readwrite',
    name,
    endpoint: proxyEndpoint,
    partitionKey: { name: 'pk', type: 'string' },
    ...(sortType ? { sortKey: { name: 'sk', type: sortType } } : {}),
    ...(ttl ? { timeToLiveAttribute: ttl } : {}),
  });

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

// Values chosen to sit next to the characters the key encoding escapes, and prefixes of each other.
const STRINGS = [
  '',
  'a',
  'a/b',
  'a#',
  'a?x',
  'a\\',
  'a$',
  'a%',
  'a.',
  'a.b',
  'a>',
  'a[',
  'a{',
  'a|',
  'a}',
  'a~',
  'ab',
  'abc',
  'A',
  'Z',
  '0',
  '9',
  ' ',
  '\t',
  "it's",
  'é',
  'ß',
  '日本',
  '\u{1f600}',
  'z'.repeat(100),
  '~',
  '\u007f',
  '\u0085',
];

describe('Table client on Azure Table Storage (Azurite)', () => {
  const strings = () => client('strings', 'string');

  beforeAll(async () => {
    const table = strings();
    await Promise.all(STRINGS.map((sk, i) => table.put({ pk: 'p/1#?', sk, i })));
    await table.put({ pk: 'other', sk: 'a', i: -1 });
  });

  test('get, put (replace) and delete by key; a missing item is undefined; deleting it is not an error', async () => {
    const table = strings();
    expect(await table.get({ pk: 'p/1#?', sk: 'a/b' })).toEqual({ pk: 'p/1#?', sk: 'a/b', i: 2 });
    await table.put({ pk: 'x', sk: 'k', v: 1, nested: { list: [1, 'two', null] } });
    await table.put({ pk: 'x', sk: 'k', v: 2 });
    expect(await table.get({ pk: 'x', sk: 'k' })).toEqual({ pk: 'x', sk: 'k', v: 2 });
    await table.delete({ pk: 'x', sk: 'k' });
    expect(await table.get({ pk: 'x', sk: 'k' })).toBeUndefined();
    await expect(table.delete({ pk: 'x', sk: 'k' })).resolves.toBeUndefined();
    // The mirror row went too: a descending read finds nothing.
    expect((await table.query({ partition: 'x', order: 'desc' })).items).toEqual([]);
  });

  const conditions: SortCondition[] = [
    { eq: 'a.b' },
    { lt: 'a.' },
    { lte: 'a.' },
    { gt: 'a{' },
    { gte: 'a' },
    { between: ['a#', 'a~'] },
    { beginsWith: 'a' },
    { beginsWith: 'a.' },
    { beginsWith: '' },
    { beginsWith: 'zzz' },
  ];

  test.each(['asc', 'desc'] as const)(
    'every sort condition, %s, returns what the neutral semantics say, in order, over pages of 4',
    async (order) => {
      const table = strings();
      for (const sort of conditions) {
        const expected = STRINGS.filter((s) => matchesSortCondition(s, sort)).sort(compareKeyValues);
        if (order === 'desc') expected.reverse();
        const { items } = await allPages((cursor) =>
          table.query({ partition: 'p/1#?', sort, order, limit: 4, cursor }),
        );
        expect([sort, items.map((i) => i.sk)]).toEqual([sort, expected]);
      }
    },
  );

  test('a descending read of the newest 5 of 500 items reads a key range, not the partition', async () => {
    const table = client('numbers', 'number');
    for (let start = 0; start < 500; start += 50)
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => table.put({ pk: 'log', sk: start + i - 249.5 })),
      );
    rowsReturned = 0;
    const page = await table.query({ partition: 'log', order: 'desc', limit: 5 });
    expect(page.items.map((i) => i.sk)).toEqual([249.5, 248.5, 247.5, 246.5, 245.5]);
    expect(page.cursor).toBeDefined();
    expect(rowsReturned).toBeLessThanOrEqual(6);
    rowsReturned = 0;
    const next = await table.query({ partition: 'log', order: 'desc', limit: 5, cursor: page.cursor });
    expect(next.items.map((i) => i.sk)).toEqual([244.5, 243.5, 242.5, 241.5, 240.5]);
    expect(rowsReturned).toBeLessThanOrEqual(6);
    // Numbers order numerically, negative and fractional included, both ways.
    const below = await table.query({ partition: 'log', sort: { between: [-1, 1.5] } });
    expect(below.items.map((i) => i.sk)).toEqual([-0.5, 0.5, 1.5]);
    const { items } = await allPages((cursor) =>
      table.query({ partition: 'log', order: 'desc', limit: 1000, cursor }),
    );
    expect(items).toHaveLength(500);
    expect(items.map((i) => i.sk)).toEqual([...items.map((i) => i.sk as number)].sort((a, b) => b - a));
  });

  test('a scan pages through every partition once, by the neutral cursor, and never returns mirror rows', async () => {
    const table = client('nosort');
    await Promise.all(Array.from({ length: 45 }, (_, i) => table.put({ pk: `k${i}`, n: i })));
    const { items, pages } = await allPages((cursor) => table.scan({ limit: 10, cursor }));
    expect(items.map((i) => i.n).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 45 }, (_, i) => i),
    );
    expect(pages).toBe(5);
    const scanned = await allPages((cursor) => strings().scan({ limit: 7, cursor }));
    expect(scanned.items).toHaveLength(STRINGS.length + 1);
  });

  test('TTL: an item past its expiry is gone from get, query and scan; a future one is there', async () => {
    const table = client('ttl', 'string', 'expiresAt');
    const now = Math.floor(Date.now() / 1000);
    await table.put({ pk: 'p', sk: 'old', expiresAt: now - 1 });
    await table.put({ pk: 'p', sk: 'new', expiresAt: now + 3600 });
    await table.put({ pk: 'p', sk: 'forever' });
    expect(await table.get({ pk: 'p', sk: 'old' })).toBeUndefined();
    expect(await table.get({ pk: 'p', sk: 'new' })).toMatchObject({ sk: 'new' });
    expect((await table.query({ partition: 'p' })).items.map((i) => i.sk)).toEqual(['forever', 'new']);
    expect((await table.query({ partition: 'p', order: 'desc' })).items.map((i) => i.sk)).toEqual([
      'new',
      'forever',
    ]);
    expect((await table.scan()).items.map((i) => i.sk).sort()).toEqual(['forever', 'new']);
  });

  test('a 400 KB item round-trips (properties hold 64 KiB: the JSON is chunked)', async () => {
    const table = client('big', 'string');
    const big = { pk: 'p', sk: 'big', text: 'é'.repeat(200_000) + 'x'.repeat(200_000) };
    await table.put(big);
    expect(await table.get({ pk: 'p', sk: 'big' })).toEqual(big);
    expect((await table.query({ partition: 'p', order: 'desc' })).items).toEqual([big]);
  });

  test('a sort key past 1 KiB once encoded is a LimitError; a long partition key is hashed and still found', async () => {
    const table = client('big', 'string');
    await expect(table.put({ pk: 'p', sk: '#'.repeat(200) })).rejects.toMatchObject({ name: 'LimitError' });
    const longPartition = 'p'.repeat(2000);
    await table.put({ pk: longPartition, sk: 's', ok: true });
    expect(await table.get({ pk: longPartition, sk: 's' })).toEqual({ pk: longPartition, sk: 's', ok: true });
    expect((await table.query({ partition: longPartition })).items).toHaveLength(1);
    expect((await table.query({ partition: `${longPartition}q` })).items).toHaveLength(0);
  });

  test('two clients racing on one key leave the item and its mirror row the same (one transaction each)', async () => {
    const [a, b] = [client('race', 'string'), client('race', 'string')];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).put({ pk: 'p', sk: 'k', writer: i })),
    );
    const ascending = (await a.query({ partition: 'p' })).items;
    const descending = (await b.query({ partition: 'p', order: 'desc' })).items;
    expect(ascending).toHaveLength(1);
    expect(descending).toEqual(ascending);
  });
});
