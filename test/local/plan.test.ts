import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Bucket, Queue, Table, Topic, ValidationError } from 'anycloud';
import { local, synth } from 'anycloud/testing';
import { Construct } from 'constructs';
import { fixtureFunction } from '../fixtures/apps';

function plannedApp(): App {
  const app = new App({ name: 'plan' });
  const fn = fixtureFunction(app, 'Worker', { handler: 'worker' });
  new Table(app, 'Orders', { partitionKey: 'id' });
  new Table(new Construct(app, 'Billing'), 'Orders', { partitionKey: 'id' });
  new Bucket(app, 'Uploads').onObjectCreated(fn, { prefix: 'in/' });
  new Queue(app, 'Jobs').subscribe(fn);
  new Topic(app, 'Events').subscribe(fn);
  return app;
}

describe('the local plan is what the local builders made', () => {
  test('the document names the real state files: SQLite tables, one per construct path', async () => {
    const doc = await synth(plannedApp(), 'local');
    expect(doc.tables.map((t) => t.file)).toEqual(['tables/Orders.sqlite', 'tables/Billing~Orders.sqlite']);
    expect(doc.buckets[0]).toMatchObject({
      folder: 'buckets/Uploads',
      events: [{ channel: 'channels/Uploads.created.0.json' }],
    });
    expect(doc.queues[0].channel).toBe('channels/Jobs.json');
    expect(doc.topics[0].subscribers[0].channel).toBe('channels/Events.Worker.json');
  });

  test('planning opens and writes nothing; running writes exactly the planned files', async () => {
    const app = plannedApp();
    const doc = await synth(app, 'local');
    expect(existsSync(join(process.cwd(), doc.stateDir))).toBe(false);
    const stateDir = mkdtempSync(join(tmpdir(), 'anycloud-plan-'));
    const env = await local(app, { stateDir });
    try {
      await env.table('Orders').put({ id: 'o1' });
      await env.queue('Jobs').send({ n: 1 });
      await env.bucket('Uploads').put('in/a.txt', 'a');
      expect(existsSync(join(stateDir, doc.tables[0].file))).toBe(true);
      expect(existsSync(join(stateDir, doc.tables[1].file))).toBe(false);
      expect(existsSync(join(stateDir, doc.queues[0].channel))).toBe(true);
      expect(existsSync(join(stateDir, doc.buckets[0].folder, 'in%2Fa%2Etxt'))).toBe(true);
      expect(existsSync(join(stateDir, doc.buckets[0].events[0].channel))).toBe(true);
    } finally {
      await env.close();
    }
  });
});

describe('local(app) with handlers that cannot load', () => {
  test('every failing function is one local.function.bundle issue, reported at once', async () => {
    const app = new App({ name: 'broken' });
    fixtureFunction(app, 'MissingA', { handler: 'noSuchExport' });
    fixtureFunction(app, 'MissingB', { handler: 'alsoMissing' });
    fixtureFunction(app, 'Fine');
    let error: unknown;
    try {
      await local(app);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({
        path: 'broken/MissingA',
        rule: 'local.function.bundle',
        message: expect.stringContaining('cannot bundle handler "noSuchExport"'),
      }),
      expect.objectContaining({ path: 'broken/MissingB', rule: 'local.function.bundle' }),
    ]);
  });
});
