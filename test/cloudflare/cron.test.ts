import { join } from 'node:path';
import { App, Function, Schedule } from 'anycloud';
import { toCloudflareCron, zoneOffsets, type CloudflareCron } from '../../providers/cloudflare/cron';
import { scheduleDue } from '../../providers/cloudflare/runtime/schedule-match';

const entry = join(__dirname, '..', 'conformance', 'handlers.ts');

function translate(props: { cron?: string; rate?: string; timeZone?: string }): CloudflareCron | string {
  const app = new App({ name: 'cron' });
  const target = new Function(app, 'Tick', { entry, handler: 'tick' });
  return toCloudflareCron(new Schedule(app, 'S', { ...props, target } as never));
}

const cronOf = (props: Parameters<typeof translate>[0]) => (translate(props) as CloudflareCron).cron;

describe('neutral schedules → Cloudflare cron triggers', () => {
  test('UTC crons: fields kept, day of week moved to 1-7 from Sunday', () => {
    expect(cronOf({ cron: '0 2 * * *', timeZone: 'UTC' })).toBe('0 2 * * *');
    expect(cronOf({ cron: '30 9 * * 1-5', timeZone: 'UTC' })).toBe('30 9 * * 2,3,4,5,6');
    expect(cronOf({ cron: '0 0 * * SUN', timeZone: 'UTC' })).toBe('0 0 * * 1');
    expect(cronOf({ cron: '0 0 * * 7', timeZone: 'UTC' })).toBe('0 0 * * 1'); // 7 is Sunday too
    expect(cronOf({ cron: '*/15 * 1 JAN,JUL *', timeZone: 'UTC' })).toBe('0,15,30,45 * 1 1,7 *');
  });

  test('rates that divide an hour or a day', () => {
    expect(cronOf({ rate: '1 minute' })).toBe('* * * * *');
    expect(cronOf({ rate: '5 minutes' })).toBe('*/5 * * * *');
    expect(cronOf({ rate: '1 hour' })).toBe('0 * * * *');
    expect(cronOf({ rate: '6 hours' })).toBe('0 */6 * * *');
    expect(cronOf({ rate: '1 day' })).toBe('0 0 * * *');
    expect(translate({ rate: '7 minutes' })).toMatch(/does not divide an hour or a day/);
    expect(translate({ rate: '5 hours' })).toMatch(/does not divide/);
    expect(translate({ rate: '2 days' })).toMatch(/does not divide/);
  });

  test('a time zone: the minutes it can fall on in UTC, every hour; summer time followed', () => {
    expect(zoneOffsets('Europe/Paris')).toEqual([60, 120]);
    expect(zoneOffsets('Asia/Kolkata')).toEqual([330]);
    expect(cronOf({ cron: '0 2 * * *', timeZone: 'Europe/Paris' })).toBe('0 * * * *');
    expect(cronOf({ cron: '0 9 * * *', timeZone: 'Asia/Kolkata' })).toBe('30 * * * *');
    expect(cronOf({ cron: '15 9 * * *', timeZone: 'America/St_Johns' })).toBe('45 * * * *');
  });

  test('the Worker runs a zoned schedule when croner fires it: when the time in the zone matches', () => {
    const { matcher } = translate({ cron: '0 2 * * 1-5', timeZone: 'Europe/Paris' }) as CloudflareCron;
    expect(matcher).toEqual({ id: 'S', timeZone: 'Europe/Paris', cron: '0 2 * * 1-5' });
    // Winter (UTC+1): 02:00 Paris is 01:00 UTC. Thursday 15 January 2026.
    expect(scheduleDue(matcher, Date.parse('2026-01-15T01:00:00Z'))).toBe(true);
    expect(scheduleDue(matcher, Date.parse('2026-01-15T00:00:00Z'))).toBe(false);
    // Summer (UTC+2): 02:00 Paris is 00:00 UTC. Wednesday 15 July 2026.
    expect(scheduleDue(matcher, Date.parse('2026-07-15T00:00:00Z'))).toBe(true);
    expect(scheduleDue(matcher, Date.parse('2026-07-15T01:00:00Z'))).toBe(false);
    // Saturday 17 January 2026: not a weekday.
    expect(scheduleDue(matcher, Date.parse('2026-01-17T01:00:00Z'))).toBe(false);
  });

  test('a UTC cron and a rate are exact: every firing runs', () => {
    const utc = translate({ cron: '0 2 * * *', timeZone: 'UTC' }) as CloudflareCron;
    expect(utc.matcher).toEqual({ id: 'S', timeZone: 'UTC' }); // no croner needed in the Worker
    expect(scheduleDue(utc.matcher, Date.parse('2026-03-01T02:00:00Z'))).toBe(true);
    const rate = translate({ rate: '5 minutes' }) as CloudflareCron;
    expect(rate.matcher).toEqual({ id: 'S', timeZone: 'UTC' });
    expect(scheduleDue(rate.matcher, Date.parse('2026-03-01T02:05:00Z'))).toBe(true);
  });

  test('both day fields restricted cannot be expressed', () => {
    expect(translate({ cron: '0 9 1 * MON' })).toMatch(/restrict one of them/);
  });
});
