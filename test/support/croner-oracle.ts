import { Cron } from 'croner';

// Croner is the oracle for zoned schedules: the local target fires a cron schedule when croner's
// `nextRun`, chained from one firing to the next, says so. Every cloud target that cannot run a
// zoned cron natively must fire at exactly those instants: over a whole year, in zones with
// summer time (whole-hour, 30-minute and 2-hour shifts, at 01:00, 02:00 or midnight), half-hour
// and 45-minute offsets, and without summer time.

export const YEAR_START = Date.UTC(2026, 0, 1);
export const YEAR_END = Date.UTC(2027, 0, 1);
export const MINUTE = 60_000;

export const ZONES = [
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

export const EXPRESSIONS = [
  '0 2 * * *',
  '30 1 * * *',
  '*/15 2 * * *',
  '0 * * * *',
  '45 2 * * 0',
  '0 3 1 * *',
  '0 0 * * *',
  '10,35 2 * * *',
];

/** Croner's firings over the year, chained from one to the next as a running job (and the local target) does. */
export function cronerFirings(expression: string, timeZone: string): number[] {
  const cron = new Cron(expression, { timezone: timeZone, paused: true });
  const firings: number[] = [];
  for (let at = cron.nextRun(new Date(YEAR_START - 1000)); at && at.getTime() < YEAR_END;) {
    firings.push(at.getTime());
    at = cron.nextRun(at);
  }
  return firings;
}

export const iso = (instants: Iterable<number>) =>
  [...instants].sort((a, b) => a - b).map((t) => new Date(t).toISOString());

// Croner formats every date with Date.prototype.toLocaleString, which builds a new Intl formatter
// on each call (~70 µs): a year of firings in 15 zones would take minutes. The same formatting
// through cached formatters gives the same text (checked below first) in a few microseconds.
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

/**
 * Makes croner fast for the tests of the calling file: replaces Date.prototype.toLocaleString
 * with cached formatters (after checking they format like the original) and restores it after.
 */
export function useCachedLocaleStrings(): void {
  const original = Date.prototype.toLocaleString;
  beforeAll(() => {
    const cached = cachedToLocaleString();
    for (const timeZone of ZONES)
      for (let t = YEAR_START - 5 * MINUTE; t < YEAR_END; t += 4999 * MINUTE) {
        const date = new Date(t);
        for (const options of [{ timeZone }, { timeZone, timeZoneName: 'shortOffset' } as const, undefined])
          expect(cached.call(date, 'en-US', options)).toBe(original.call(date, 'en-US', options));
      }
    Date.prototype.toLocaleString = cached as typeof original;
  });
  afterAll(() => {
    Date.prototype.toLocaleString = original;
  });
}

/** What differs between a target's trigger instants, the instants its shim runs, and croner's firings. */
export interface FiringDifferences {
  notOnATrigger?: string[];
  dueNotFired?: string[];
  firedNotDue?: string[];
}

/**
 * Compares a target with croner for one expression: every croner firing must fall on a trigger
 * instant, and the shim must run exactly the croner firings. Returns undefined when they agree.
 */
export function firingDifferences(
  triggers: readonly number[],
  due: (instant: number) => boolean,
  firings: readonly number[],
): FiringDifferences | undefined {
  const triggerSet = new Set(triggers);
  const dueInstants = triggers.filter(due);
  const missingTriggers = firings.filter((t) => !triggerSet.has(t));
  const firingSet = new Set(firings);
  const extra = dueInstants.filter((t) => !firingSet.has(t));
  const dueSet = new Set(dueInstants);
  const missed = firings.filter((t) => !dueSet.has(t));
  if (!missingTriggers.length && !extra.length && !missed.length) return undefined;
  return {
    ...(missingTriggers.length ? { notOnATrigger: iso(missingTriggers) } : {}),
    ...(extra.length || missed.length ? { dueNotFired: iso(extra), firedNotDue: iso(missed) } : {}),
  };
}

/** The daylight saving cases every target is checked on, one by one: expression, zone, window start, hours, the instants it runs. */
export const DST_CASES: readonly (readonly [string, string, string, number, readonly string[]])[] = [
  // Paris, autumn: 02:00 happens twice; croner fires once, at the second (01:00Z = 02:00 CET).
  ['0 2 * * *', 'Europe/Paris', '2026-10-24T22:00:00Z', 6, ['2026-10-25T01:00:00.000Z']],
  // Paris, spring: 02:00 does not exist; croner fires it moved forward (01:00Z = 03:00 CEST).
  ['0 2 * * *', 'Europe/Paris', '2026-03-28T22:00:00Z', 6, ['2026-03-29T01:00:00.000Z']],
  ['30 2 * * *', 'Europe/Paris', '2026-03-28T22:00:00Z', 6, ['2026-03-29T01:30:00.000Z']],
  // New York, autumn: 01:00 happens twice; croner fires once, at the first (05:00Z = 01:00 EDT).
  ['0 1 * * *', 'America/New_York', '2026-11-01T03:00:00Z', 6, ['2026-11-01T05:00:00.000Z']],
  // Lord Howe, spring (30 minutes, 02:00 → 02:30): 02:00 fires at 02:30 LHDT.
  ['0 2 * * *', 'Australia/Lord_Howe', '2026-10-03T13:00:00Z', 6, ['2026-10-03T15:30:00.000Z']],
];

/** The values of one field of a UTC trigger cron (`*`, `*\/n`, or a list), from `min` to `max`. */
export function fieldValues(text: string, min: number, max: number): Set<number> {
  const all = (step: number) => {
    const values = new Set<number>();
    for (let v = min; v <= max; v += step) values.add(v);
    return values;
  };
  if (text === '*') return all(1);
  if (text.startsWith('*/')) return all(Number(text.slice(2)));
  return new Set(text.split(',').map(Number));
}

/**
 * Every instant of 2026 at which a UTC trigger with these fields fires (minute, hour, day of
 * month, month, day of week), `firstWeekday` being the number of Sunday (0 or 1).
 */
export function triggerInstants(
  [minute, hour, dayOfMonth, month, dayOfWeek]: readonly string[],
  firstWeekday: 0 | 1,
): number[] {
  const minutes = [...fieldValues(minute, 0, 59)].sort((a, b) => a - b);
  const hours = [...fieldValues(hour, 0, 23)].sort((a, b) => a - b);
  const days = fieldValues(dayOfMonth, 1, 31);
  const months = fieldValues(month, 1, 12);
  const weekdays = fieldValues(dayOfWeek, firstWeekday, firstWeekday + 6);
  const instants: number[] = [];
  for (let day = YEAR_START; day < YEAR_END; day += 24 * 60 * MINUTE) {
    const date = new Date(day);
    if (!days.has(date.getUTCDate()) || !months.has(date.getUTCMonth() + 1)) continue;
    if (!weekdays.has(date.getUTCDay() + firstWeekday)) continue;
    for (const h of hours) for (const m of minutes) instants.push(day + (h * 60 + m) * MINUTE);
  }
  return instants;
}

/** A target's UTC trigger of one zoned cron: its text, the instants it fires, and when the shim runs the handler. */
export interface ZonedTrigger {
  readonly text: string;
  readonly instants: readonly number[];
  due(instant: number): boolean;
}

/**
 * The croner tests of a target that runs zoned crons through a UTC trigger and a shim matcher:
 * every expression in every zone over 2026 fires exactly croner's instants, and each daylight
 * saving case one by one. Call inside the target's `describe`.
 */
export function describeCronerAgreement(
  triggerOf: (expression: string, timeZone: string) => ZonedTrigger,
): void {
  useCachedLocaleStrings();

  test.each(ZONES)('%s', (timeZone) => {
    const problems: Record<string, FiringDifferences> = {};
    for (const expression of EXPRESSIONS) {
      const trigger = triggerOf(expression, timeZone);
      const firings = cronerFirings(expression, timeZone);
      const differences = firingDifferences(trigger.instants, (t) => trigger.due(t), firings);
      if (differences) problems[`${expression} (trigger ${trigger.text})`] = differences;
      expect(firings.length).toBeGreaterThan(0);
    }
    expect(problems).toEqual({});
  });

  test.each(DST_CASES)('%s in %s from %s (%d hours)', (expression, timeZone, from, hours, expected) => {
    const trigger = triggerOf(expression, timeZone);
    const start = Date.parse(from);
    const due = trigger.instants.filter(
      (t) => t >= start && t < start + hours * 60 * MINUTE && trigger.due(t),
    );
    expect(iso(due)).toEqual(expected);
  });
}
