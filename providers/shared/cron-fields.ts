import type { CronPart } from 'anycloud/adapter';

/** Values a cron field allows, sorted (Sunday as 0 in day of week). */
export function expandCronField(parts: readonly CronPart[], dayOfWeek = false): number[] {
  const values = new Set<number>();
  for (const p of parts)
    for (let v = p.start; v <= p.end; v += p.step) values.add(dayOfWeek && v === 7 ? 0 : v);
  return [...values].sort((a, b) => a - b);
}

/** True when a cron field is `*` (every value). */
export function isAnyCronField(parts: readonly CronPart[]): boolean {
  return parts.length === 1 && parts[0].any && parts[0].step === 1;
}

/** The UTC minutes a cron's minutes can fall on in a zone, over every UTC offset the zone uses. */
export function utcMinutesOf(minutes: readonly number[], offsets: readonly number[]): number[] {
  const found = new Set<number>();
  for (const offset of offsets) for (const m of minutes) found.add((((m - offset) % 60) + 60) % 60);
  return [...found].sort((a, b) => a - b);
}
