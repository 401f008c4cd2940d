import { join } from 'node:path';
import { App, Function, Schedule } from 'anycloud';
import { toCloudflareCron, type CloudflareCron } from '../../providers/cloudflare/cron';
import { scheduleDue } from '../../providers/cloudflare/runtime/schedule-match';
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

// On Cloudflare a zoned schedule must fire at exactly the instants croner fires it (see the oracle).

const entry = join(__dirname, '..', 'conformance', 'handlers.ts');

/** The values of one field of a Cloudflare cron (`*`, `*\/n`, or a list), from `min` to `max`. */
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

/** Every instant of the year at which Cloudflare fires a cron trigger (UTC; day of week 1-7 from Sunday). */
function triggerInstants(cron: string): number[] {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.split(' ');
  const minutes = [...fieldValues(minute, 0, 59)].sort((a, b) => a - b);
  const hours = [...fieldValues(hour, 0, 23)].sort((a, b) => a - b);
  const days = fieldValues(dayOfMonth, 1, 31);
  const months = fieldValues(month, 1, 12);
  const weekdays = fieldValues(dayOfWeek, 1, 7);
  const instants: number[] = [];
  for (let day = YEAR_START; day < YEAR_END; day += 24 * 60 * MINUTE) {
    const date = new Date(day);
    if (!days.has(date.getUTCDate()) || !months.has(date.getUTCMonth() + 1)) continue;
    if (!weekdays.has(date.getUTCDay() + 1)) continue;
    for (const h of hours) for (const m of minutes) instants.push(day + (h * 60 + m) * MINUTE);
  }
  return instants;
}

function cloudflareCronOf(expression: string, timeZone: string): CloudflareCron {
  const app = new App({ name: 'dst' });
  const target = new Function(app, 'Tick', { entry, handler: 'tick' });
  const translated = toCloudflareCron(new Schedule(app, 'S', { cron: expression, timeZone, target }));
  if (typeof translated === 'string') throw new Error(translated);
  return translated;
}

describe('zoned schedules on Cloudflare fire exactly when croner fires them (every day of 2026)', () => {
  useCachedLocaleStrings();

  test.each(ZONES)('%s', (timeZone) => {
    const problems: Record<string, FiringDifferences> = {};
    for (const expression of EXPRESSIONS) {
      const { cron, matcher } = cloudflareCronOf(expression, timeZone);
      const firings = cronerFirings(expression, timeZone);
      const differences = firingDifferences(triggerInstants(cron), (t) => scheduleDue(matcher, t), firings);
      if (differences) problems[`${expression} (trigger ${cron})`] = differences;
      expect(firings.length).toBeGreaterThan(0);
    }
    expect(problems).toEqual({});
  });

  test.each(DST_CASES)('%s in %s from %s (%d hours)', (expression, timeZone, from, hours, expected) => {
    const { cron, matcher } = cloudflareCronOf(expression, timeZone);
    const start = Date.parse(from);
    const due = triggerInstants(cron).filter(
      (t) => t >= start && t < start + hours * 60 * MINUTE && scheduleDue(matcher, t),
    );
    expect(iso(due)).toEqual(expected);
  });
});
