import { join } from 'node:path';
import { Cron } from 'croner';
import { App, Function, Schedule } from 'anycloud';
import { toCloudflareCron, type CloudflareCron } from '../../providers/cloudflare/cron';
import { scheduleDue } from '../../providers/cloudflare/runtime/schedule-match';

// Croner is the oracle: the local target fires a cron schedule when croner's `nextRun`, chained
// from one firing to the next, says so. On Cloudflare a zoned schedule must fire at exactly those
// instants: over a whole year, in zones with summer time (whole-hour, 30-minute and 2-hour shifts,
// at 01:00, 02:00 or midnight), half-hour and 45-minute offsets, and without summer time.

const entry = join(__dirname, '..', 'conformance', 'handlers.ts');
const YEAR_START = Date.UTC(2026, 0, 1);
const YEAR_END = Date.UTC(2027, 0, 1);
const MINUTE = 60_000;

const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'America/Sao_Paulo',
  'Australia/Lord_Howe', // summer time is 30 minutes
  'Australia/Adelaide',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30 / -02:30
  'Europe/London',
  'Pacific/Auckland',
  'America/Santiago', // clocks change at midnight
  'America/Havana', // clocks change at midnight and 01:00
  'Antarctica/Troll', // summer time is 2 hours
  'UTC',
];

const EXPRESSIONS = [
  '0 2 * * *',
  '30 1 * * *',
  '*/15 2 * * *',
  '0 * * * *',
  '45 2 * * 0',
  '0 3 1 * *',
  '0 0 * * *',
  '10,35 2 * * *',
];

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

/** Croner's firings over the year, chained from one to the next as a running job (and the local target) does. */
function cronerFirings(expression: string, timeZone: string): number[] {
  const cron = new Cron(expression, { timezone: timeZone, paused: true });
  const firings: number[] = [];
  for (let at = cron.nextRun(new Date(YEAR_START - 1000)); at && at.getTime() < YEAR_END;) {
    firings.push(at.getTime());
    at = cron.nextRun(at);
  }
  return firings;
}

function cloudflareCronOf(expression: string, timeZone: string): CloudflareCron {
  const app = new App({ name: 'dst' });
  const target = new Function(app, 'Tick', { entry, handler: 'tick' });
  const translated = toCloudflareCron(new Schedule(app, 'S', { cron: expression, timeZone, target }));
  if (typeof translated === 'string') throw new Error(translated);
  return translated;
}

const iso = (instants: Iterable<number>) =>
  [...instants].sort((a, b) => a - b).map((t) => new Date(t).toISOString());

// Croner formats every date with Date.prototype.toLocaleString, which builds a new Intl formatter
// on each call (~70 µs): a year of firings in 15 zones would take minutes. The same formatting
// through cached formatters gives the same text (checked below first) in a few microseconds.
const toLocaleString = Date.prototype.toLocaleString;
const DEFAULT_FIELDS = {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
} as const;
function cachedToLocaleString(): (
  this: Date,
  locales?: string,
  options?: Intl.DateTimeFormatOptions,
) => string {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return function (this: Date, locales?: string, options?: Intl.DateTimeFormatOptions) {
    const key = JSON.stringify([locales, options]);
    let format = formats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locales, { ...DEFAULT_FIELDS, ...options });
      formats.set(key, format);
    }
    return format.format(this);
  };
}

describe('zoned schedules on Cloudflare fire exactly when croner fires them (every day of 2026)', () => {
  beforeAll(() => {
    const cached = cachedToLocaleString();
    for (const timeZone of ZONES)
      for (let t = YEAR_START - 5 * MINUTE; t < YEAR_END; t += 4999 * MINUTE) {
        const date = new Date(t);
        for (const options of [{ timeZone }, { timeZone, timeZoneName: 'shortOffset' } as const, undefined])
          expect(cached.call(date, 'en-US', options)).toBe(toLocaleString.call(date, 'en-US', options));
      }
    Date.prototype.toLocaleString = cached as typeof toLocaleString;
  });

  afterAll(() => {
    Date.prototype.toLocaleString = toLocaleString;
  });

  test.each(ZONES)('%s', (timeZone) => {
    const problems: Record<
      string,
      { notOnATrigger?: string[]; dueNotFired?: string[]; firedNotDue?: string[] }
    > = {};
    for (const expression of EXPRESSIONS) {
      const { cron, matcher } = cloudflareCronOf(expression, timeZone);
      const triggers = triggerInstants(cron);
      const triggerSet = new Set(triggers);
      const firings = cronerFirings(expression, timeZone);
      const due = triggers.filter((t) => scheduleDue(matcher, t));
      // Every croner firing falls on a trigger minute, and the Worker runs exactly those.
      const missingTriggers = firings.filter((t) => !triggerSet.has(t));
      const firingSet = new Set(firings);
      const extra = due.filter((t) => !firingSet.has(t));
      const dueSet = new Set(due);
      const missed = firings.filter((t) => !dueSet.has(t));
      if (missingTriggers.length || extra.length || missed.length)
        problems[`${expression} (trigger ${cron})`] = {
          ...(missingTriggers.length ? { notOnATrigger: iso(missingTriggers) } : {}),
          ...(extra.length || missed.length ? { dueNotFired: iso(extra), firedNotDue: iso(missed) } : {}),
        };
      expect(firings.length).toBeGreaterThan(0);
    }
    expect(problems).toEqual({});
  });

  test('the daylight saving cases named in the issue, one by one', () => {
    const dueAround = (expression: string, timeZone: string, from: string, hours: number) => {
      const { cron, matcher } = cloudflareCronOf(expression, timeZone);
      const start = Date.parse(from);
      return iso(
        triggerInstants(cron).filter(
          (t) => t >= start && t < start + hours * 60 * MINUTE && scheduleDue(matcher, t),
        ),
      );
    };
    // Paris, autumn: 02:00 happens twice; croner fires once, at the second (01:00Z = 02:00 CET).
    expect(dueAround('0 2 * * *', 'Europe/Paris', '2026-10-24T22:00:00Z', 6)).toEqual([
      '2026-10-25T01:00:00.000Z',
    ]);
    // Paris, spring: 02:00 does not exist; croner fires it moved forward (01:00Z = 03:00 CEST).
    expect(dueAround('0 2 * * *', 'Europe/Paris', '2026-03-28T22:00:00Z', 6)).toEqual([
      '2026-03-29T01:00:00.000Z',
    ]);
    expect(dueAround('30 2 * * *', 'Europe/Paris', '2026-03-28T22:00:00Z', 6)).toEqual([
      '2026-03-29T01:30:00.000Z',
    ]);
    // New York, autumn: 01:00 happens twice; croner fires once, at the first (05:00Z = 01:00 EDT).
    expect(dueAround('0 1 * * *', 'America/New_York', '2026-11-01T03:00:00Z', 6)).toEqual([
      '2026-11-01T05:00:00.000Z',
    ]);
    // Lord Howe, spring (30 minutes, 02:00 → 02:30): 02:00 fires at 02:30 LHDT.
    expect(dueAround('0 2 * * *', 'Australia/Lord_Howe', '2026-10-03T13:00:00Z', 6)).toEqual([
      '2026-10-03T15:30:00.000Z',
    ]);
  });
});
