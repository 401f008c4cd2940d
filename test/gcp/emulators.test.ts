import { readFileSync } from 'node:fs';
import { PubSub, type Message } from '@google-cloud/pubsub';
import { Storage, type GetFilesResponse } from '@google-cloud/storage';
import { startPubSubEmulator } from './harness/gcloud-emulator';
import { startGcsFake, type GcsFake } from './harness/gcs-fake';

// The harnesses the GCP tests stand on: Google's Pub/Sub emulator with @google-cloud/pubsub
// (and that stopping it leaves no process), and the GCS fake with @google-cloud/storage.

/** The command line of a live process, or undefined once it is gone (a zombie counts as gone). */
function commandOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

describe('Pub/Sub emulator (gcloud)', () => {
  const savedHost = process.env.PUBSUB_EMULATOR_HOST;
  afterAll(() => {
    if (savedHost === undefined) delete process.env.PUBSUB_EMULATOR_HOST;
    else process.env.PUBSUB_EMULATOR_HOST = savedHost;
  });

  test('publishes and pulls a message; stop() ends the launcher and its Java process', async () => {
    const emulator = await startPubSubEmulator();
    const pids = emulator.processes();
    try {
      expect(pids).toContain(emulator.pid);
      expect(pids.map(commandOf).some((command) => /\bjava\b/.test(command ?? ''))).toBe(true);
      process.env.PUBSUB_EMULATOR_HOST = emulator.host;
      const pubsub = new PubSub({ projectId: 'demo' });
      try {
        const [topic] = await pubsub.createTopic('orders');
        const [subscription] = await topic.createSubscription('orders-worker');
        const received = new Promise<Message>((resolve) => subscription.once('message', resolve));
        await topic.publishMessage({ json: { id: 1 }, attributes: { kind: 'order' } });
        const message = await received;
        message.ack();
        expect(JSON.parse(message.data.toString())).toEqual({ id: 1 });
        expect(message.attributes).toEqual({ kind: 'order' });
        await subscription.close();
      } finally {
        await pubsub.close();
      }
    } finally {
      await emulator.stop();
    }
    expect(pids.filter((pid) => commandOf(pid) !== undefined)).toEqual([]);
    expect(emulator.processes()).toEqual([]);
  }, 90_000);
});

describe('GCS fake with @google-cloud/storage', () => {
  let fake: GcsFake;
  beforeAll(async () => {
    fake = await startGcsFake();
  });
  afterAll(() => fake.close());

  const storage = () => new Storage({ apiEndpoint: fake.endpoint, projectId: 'demo' });

  test('save with a content type, download, metadata, list by prefix in pages of 2, delete, 404', async () => {
    const [bucket] = await storage().createBucket('assets');
    const body = Buffer.from('héllo, wörld');
    await bucket.file('docs/a.txt').save(body, { contentType: 'text/plain', resumable: false });
    const [downloaded] = await bucket.file('docs/a.txt').download();
    expect(downloaded.equals(body)).toBe(true);
    const [metadata] = await bucket.file('docs/a.txt').getMetadata();
    expect(metadata).toMatchObject({
      name: 'docs/a.txt',
      contentType: 'text/plain',
      size: String(body.length),
    });

    for (const name of ['docs/c.txt', 'docs/b.txt', 'docs/sub/d.txt', 'other/e.txt'])
      await bucket.file(name).save(Buffer.from(name), { contentType: 'text/plain', resumable: false });
    type PageQuery = { prefix: string; maxResults: number; autoPaginate: false; pageToken?: string };
    const pages: string[][] = [];
    let query: PageQuery | null = { prefix: 'docs/', maxResults: 2, autoPaginate: false };
    while (query) {
      const [files, next]: GetFilesResponse = await bucket.getFiles(query);
      pages.push(files.map((f) => f.name));
      query = (next as PageQuery | null | undefined) ?? null;
    }
    expect(pages).toEqual([
      ['docs/a.txt', 'docs/b.txt'],
      ['docs/c.txt', 'docs/sub/d.txt'],
    ]);

    await bucket.file('docs/a.txt').delete();
    await expect(bucket.file('docs/a.txt').download()).rejects.toMatchObject({ code: 404 });
    await expect(bucket.file('docs/a.txt').delete()).rejects.toMatchObject({ code: 404 });
    expect((await bucket.file('docs/a.txt').exists())[0]).toBe(false);
  });

  test('a resumable upload and STORAGE_EMULATOR_HOST work too; buckets appear on first use', async () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = fake.endpoint;
    try {
      const bucket = new Storage({ projectId: 'demo' }).bucket('on-demand');
      const big = Buffer.alloc(300_000, 7);
      await bucket.file('big.bin').save(big, { contentType: 'application/octet-stream', resumable: true });
      const [downloaded] = await bucket.file('big.bin').download();
      expect(downloaded.equals(big)).toBe(true);
      const [files] = await bucket.getFiles();
      expect(files.map((f) => f.name)).toEqual(['big.bin']);
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });
});
