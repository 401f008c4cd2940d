import { join } from 'node:path';
import { App, Function, Schedule } from 'anycloud';
import { toAzureTimer, type AzureTimerOfSchedule } from '../../providers/azure/ncrontab';
import { scheduleDue } from '../../providers/azure/runtime/schedule-due';
import {
  cronerFirings,
  DST_CASES,
  EXPRESSIONS,
  firingDifferences,
  iso,
  MINUTE,
  useCachedLocaleStrings,
  YEAR_END,
  YEAR_START,
  ZONES,
  type FiringDifferences,
} from '../support/croner-oracle';

// Flex Consumption runs timers in UTC only; a zoned schedule must still fire at exactly the
// instants croner fires it (see the oracle), through the NCRONTAB timer plus the shim's matcher.

const entry = join(__dirname, '..', 'conformance', 'handlers.ts');

/** The values of one NCRONTAB field (`*`, `*\/n`, or a list), from `min` to `max`. */
function fieldValues(text: string, min: number, max: number): Set<number> {
  const all = (step: number) => {
    const values = new Set<number>();
    for (let v = min; v <= max; v += step) values.add(v);
    return values;
  };
  if (text === '*') return all(1);
  if (text.startsWith('*/')) return all(Number(text.slice(2)));
  return new Set(text.split(',').map(Number));
}

/** Every instant of the year at which a Functions timer fires an NCRONTAB schedule (UTC; day of week 0-6 from Sunday). */
function timerInstants(schedule: string): number[] {
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = schedule.split(' ');
  expect(second).toBe('0');
  const minutes = [...fieldValues(minute, 0, 59)].sort((a, b) => a - b);
  const hours = [...fieldValues(hour, 0, 23)].sort((a, b) => a - b);
  const days = fieldValues(dayOfMonth, 1, 31);
  const months = fieldValues(month, 1, 12);
  const weekdays = fieldValues(dayOfWeek, 0, 6);
  const instants: number[] = [];
  for (let day = YEAR_START; day < YEAR_END; day += 24 * 60 * MINUTE) {
    const date = new Date(day);
    if (!days.has(date.getUTCDate()) || !months.has(date.getUTCMonth() + 1)) continue;
    if (!weekdays.has(date.getUTCDay())) continue;
    for (const h of hours) for (const m of minutes) instants.push(day + (h * 60 + m) * MINUTE);
  }
  return instants;
}

function azureTimerOf(expression: string, timeZone: string): AzureTimerOfSchedule {
  const app = new App({ name: 'dst' });
  const target = new Function(app, 'Tick', { entry, handler: 'tick' });
  const translated = toAzureTimer(new Schedule(app, 'S', { cron: expression, timeZone, target }));
  if (typeof translated === 'string') throw new Error(translated);
  return translated;
}

describe('zoned schedules on Azure fire exactly when croner fires them (every day of 2026)', () => {
  useCachedLocaleStrings();

  test.each(ZONES)('%s', (timeZone) => {
    const problems: Record<string, FiringDifferences> = {};
    for (const expression of EXPRESSIONS) {
      const { schedule, matcher } = azureTimerOf(expression, timeZone);
      const firings = cronerFirings(expression, timeZone);
      const differences = firingDifferences(timerInstants(schedule), (t) => scheduleDue(matcher, t), firings);
      if (differences) problems[`${expression} (timer ${schedule})`] = differences;
      expect(firings.length).toBeGreaterThan(0);
    }
    expect(problems).toEqual({});
  });

  test.each(DST_CASES)('%s in %s from %s (%d hours)', (expression, timeZone, from, hours, expected) => {
    const { schedule, matcher } = azureTimerOf(expression, timeZone);
    const start = Date.parse(from);
    const due = timerInstants(schedule).filter(
      (t) => t >= start && t < start + hours * 60 * MINUTE && scheduleDue(matcher, t),
    );
    expect(iso(due)).toEqual(expected);
  });

  test('a UTC cron becomes the same NCRONTAB, field by field, and needs no matcher', () => {
    expect(azureTimerOf('45 2 * * 0', 'UTC')).toEqual({
      schedule: '0 45 2 * * 0',
      matcher: { id: 'S', timeZone: 'UTC' },
    });
    expect(azureTimerOf('*/15 2 1 * *', 'UTC').schedule).toBe('0 0,15,30,45 2 1 * *');
  });

  test('a zoned cron fires hourly at the UTC minutes it can fall on (Kathmandu +05:45)', () => {
    expect(azureTimerOf('0 2 * * *', 'Asia/Kathmandu').schedule).toBe('0 15 * * * *');
    expect(azureTimerOf('0 2 * * *', 'Europe/Paris').schedule).toBe('0 0 * * * *');
  });
});
