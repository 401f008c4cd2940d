import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbTableClient, useDynamoDbClient } from '../../../providers/aws/runtime/dynamodb-table-client';
import { s3BucketClient, useS3Client } from '../../../providers/aws/runtime/s3-bucket-client';
import { startEmulators, type Emulators } from '../harness/emulators';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe('AWS clients against dynalite and s3rver', () => {
  let emulators: Emulators;

  beforeAll(async () => {
    emulators = await startEmulators({ dynamodb: true, s3: true });
    const dynamodb = new DynamoDBClient({ endpoint: emulators.dynamodb, region: 'us-east-1', credentials });
    useDynamoDbClient(dynamodb);
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'events',
        KeySchema: [
          { AttributeName: 'stream', KeyType: 'HASH' },
          { AttributeName: 'at', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'stream', AttributeType: 'S' },
          { AttributeName: 'at', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const s3 = new S3Client({
      endpoint: emulators.s3,
      region: 'us-east-1',
      credentials,
      forcePathStyle: true,
    });
    useS3Client(s3);
    await s3.send(new CreateBucketCommand({ Bucket: 'files' }));
  }, 60_000);

  afterAll(async () => emulators?.stop());

  const events = () =>
    dynamoDbTableClient({
      kind: 'table',
      access: 'readwrite',
      name: 'events',
      partitionKey: { name: 'stream', type: 'string' },
      sortKey: { name: 'at', type: 'string' },
    });

  test('table: string sort keys, beginsWith, paging across DynamoDB pages', async () => {
    const t = events();
    for (let day = 1; day <= 25; day++) {
      await t.put({ stream: 's', at: `2026-0${day <= 12 ? 1 : 2}-${String(day).padStart(2, '0')}`, day });
    }
    const january = await t.query({ partition: 's', sort: { beginsWith: '2026-01' } });
    expect(january.items.map((i) => i.day)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(january.cursor).toBeUndefined();
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.query({ partition: 's', limit: 10, cursor });
      expect(page.items.length).toBeLessThanOrEqual(10);
      seen.push(...page.items.map((i) => i.day as number));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await t.query({ partition: 's', sort: { eq: '2026-02-20' } })).items).toEqual([
      { stream: 's', at: '2026-02-20', day: 20 },
    ]);
  });

  test('table: keys of the wrong type and bad cursors fail with clear errors', async () => {
    const t = events();
    await expect(t.put({ stream: 's', at: 5 })).rejects.toThrow(
      'put: key attribute "at" must be a string (got 5)',
    );
    await expect(t.get({ stream: 's' })).rejects.toThrow(
      'get: key attribute "at" must be a string (got undefined)',
    );
    await expect(t.query({ partition: 's', cursor: 'not-a-cursor' })).rejects.toThrow('invalid cursor');
    await expect(t.query({ partition: 's', limit: 0 })).rejects.toThrow('query limit must be 1-1000');
  });

  test('bucket: put, get, list with prefix and cursor, delete, missing object', async () => {
    const b = s3BucketClient({ kind: 'bucket', access: 'readwrite', name: 'files' });
    await b.put('reports/2026/a.csv', 'x,y\n1,2', { contentType: 'text/csv' });
    await b.put('reports/2026/b.csv', new Uint8Array([1, 2, 3]));
    await b.put('readme.md', '# hi');
    const a = await b.get('reports/2026/a.csv');
    expect(a?.text()).toBe('x,y\n1,2');
    expect(a?.contentType).toBe('text/csv');
    expect((await b.get('reports/2026/b.csv'))?.body).toEqual(new Uint8Array([1, 2, 3]));
    expect(await b.get('nope')).toBeUndefined();
    expect((await b.list({ prefix: 'reports/' })).objects).toEqual([
      { key: 'reports/2026/a.csv', size: 7 },
      { key: 'reports/2026/b.csv', size: 3 },
    ]);
    const first = await b.list({ limit: 2 });
    expect(first.objects.map((o) => o.key)).toEqual(['readme.md', 'reports/2026/a.csv']);
    const second = await b.list({ limit: 2, cursor: first.cursor });
    expect(second).toEqual({ objects: [{ key: 'reports/2026/b.csv', size: 3 }], cursor: undefined });
    await b.delete('readme.md');
    expect(await b.get('readme.md')).toBeUndefined();
  });
});
