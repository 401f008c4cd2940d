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
});
