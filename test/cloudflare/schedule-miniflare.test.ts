import { join } from 'node:path';
import { App, Function, Schedule, Table } from 'anycloud';
import { MiniflareApp } from './harness/miniflare-app';

// Cron firings go through the function's own schedule queue on Cloudflare, so a failing run is
// retried and then dead-lettered, as EventBridge Scheduler does on AWS.
describe('schedules on Cloudflare Workers (Miniflare)', () => {
  let env: MiniflareApp;

  beforeAll(async () => {
    const app = new App({ name: 'cron' });
    const runs = new Table(app, 'Runs', { partitionKey: 'time' });
    const fn = new Function(app, 'Tick', { entry: join(__dirname, 'fixtures', 'flaky-schedule.ts') });
    runs.grantReadWrite(fn);
    new Schedule(app, 'Every13', { cron: '13 * * * *', timeZone: 'UTC', target: fn });
    const firings = new Table(app, 'Firings', { partitionKey: 'time' });
    const paris = new Function(app, 'Paris', { entry: join(__dirname, 'fixtures', 'record-schedule.ts') });
    firings.grantReadWrite(paris);
    new Schedule(app, 'TwoAmParis', { cron: '0 2 * * *', timeZone: 'Europe/Paris', target: paris });
    env = await MiniflareApp.deploy(app);
  }, 120_000);

  afterAll(async () => {
    await env?.dispose();
  });

  test('a failing run is retried twice, then its event lands in the dead-letter queue', async () => {
    await env.fireSchedule('Every13', '2026-02-01T10:13:00Z');
    const db = await env.database('cron/Runs');
    const { results } = await db.prepare('SELECT item FROM items').all();
    expect(results).toHaveLength(1); // the same item, written on each of the 3 attempts
    expect(env.deadLettersOf('cron/Tick/schedule-queue-dead-letters')).toEqual([
      { scheduleId: 'Every13', time: '2026-02-01T10:13:00Z' },
    ]);
    expect(env.logs.join('')).toMatch(/attempt 3\) failed/);
  });

  test('a zoned schedule runs once on the days clocks change, when croner fires it', async () => {
    // Its trigger fires every hour in UTC; fire each hour around both changes of 2026 in Paris.
    const hours = (from: string, count: number) =>
      Array.from({ length: count }, (_, i) => new Date(Date.parse(from) + i * 3_600_000).toISOString());
    for (const time of [...hours('2026-03-28T22:00:00Z', 6), ...hours('2026-10-24T22:00:00Z', 6)])
      await env.fireSchedule('TwoAmParis', time.replace('.000Z', 'Z'));
    const db = await env.database('cron/Firings');
    const { results } = await db.prepare('SELECT item FROM items').all();
    const times = (results as { item: string }[])
      .map((r) => (JSON.parse(r.item) as { time: string }).time)
      .sort();
    // 29 March: 02:00 does not exist, croner fires it moved forward (03:00 CEST).
    // 25 October: 02:00 happens twice, croner fires the second (02:00 CET).
    expect(times).toEqual(['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']);
  });
});
