import { join } from 'node:path';
import { App, Bucket, Function, HttpApi, Table } from 'anycloud';
import { MiniflareApp } from './harness/miniflare-app';

// A read-only grant on Cloudflare is a platform boundary: the function has no D1 binding it could
// write through, only the reader Worker's RPC entrypoint, which has reads only.
describe('read-only grants on Cloudflare (tables and buckets)', () => {
  let env: MiniflareApp;
  beforeAll(async () => {
    const app = new App({ name: 'readonly' });
    const notes = new Table(app, 'Notes', { partitionKey: 'id' });
    const entry = join(__dirname, 'fixtures', 'raw-bindings.ts');
    const reader = new Function(app, 'Reader', { entry, handler: 'rawWrite' });
    const writer = new Function(app, 'Writer', { entry, handler: 'rawWrite' });
    notes.grantRead(reader);
    notes.grantReadWrite(writer);
    const files = new Bucket(app, 'Files');
    files.grantRead(reader);
    files.grantReadWrite(writer);
    const seeder = new Function(app, 'Seeder', { entry, handler: 'seed' });
    files.grantWrite(seeder);
    const api = new HttpApi(app, 'Api');
    api.route('GET /reader', reader);
    api.route('GET /writer', writer);
    api.route('POST /seed', seeder);
    env = await MiniflareApp.deploy(app);
  }, 120_000);
  afterAll(async () => env?.dispose());

  test('a read-only function cannot write through any binding it has; it still reads', async () => {
    expect((await env.fetch('POST', '/seed')).status).toBe(201);
    // The read-write function writes through its D1 binding (which also creates the schema).
    const write = (await env.fetch('GET', '/writer?id=shared')).json();
    expect(write.outcomes['TABLE_NOTES d1 insert']).toBe('written');
    expect(write.stored).toEqual({ id: 'shared' });
    expect(write.outcomes['BUCKET_FILES r2 put']).toBe('written');
    // The read-only one: every raw write attempt on every binding it has is refused; reads work.
    const read = (await env.fetch('GET', '/reader?id=from-reader')).json();
    const outcomes = Object.entries(read.outcomes as Record<string, string>);
    expect(outcomes.map(([what]) => what)).toEqual(
      expect.arrayContaining(['TABLE_NOTES put method', 'BUCKET_FILES r2 put', 'BUCKET_FILES r2 delete']),
    );
    expect(outcomes.filter(([, outcome]) => outcome === 'written')).toEqual([]);
    expect(read.stored).toBeNull();
    expect(read.seed).toBe('seeded');
    expect(read.listed).toEqual(['seed.txt', 'shared.txt']);
    expect((await env.fetch('GET', '/reader?id=shared')).json().stored).toEqual({ id: 'shared' });
  });
});
