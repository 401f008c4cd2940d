/** Units a {@link Duration} may use. */
export type DurationUnit = 'second' | 'seconds' | 'minute' | 'minutes' | 'hour' | 'hours' | 'day' | 'days';

/** A duration, written for humans: `'30 seconds'`, `'5 minutes'`, `'1 day'`. */
export type Duration = `${number} ${DurationUnit}`;

const SECONDS_PER_UNIT: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };

/** Parses a {@link Duration} to whole seconds; `undefined` when it is not a valid duration. */
export function parseDurationSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+) (second|minute|hour|day)s?$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (amount <= 0 || !Number.isSafeInteger(amount)) return undefined;
  return amount * SECONDS_PER_UNIT[match[2]];
}
