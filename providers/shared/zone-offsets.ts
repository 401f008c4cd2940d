import { zoneOffsetAt } from './runtime/zone-offset';

/** The minutes east of UTC a time zone uses over a year (two values where it keeps summer time). */
export function zoneOffsets(timeZone: string, year = 2026): number[] {
  const offsets = new Set<number>();
  for (let day = 0; day < 366; day += 7)
    offsets.add(Math.round(zoneOffsetAt(timeZone, Date.UTC(year, 0, 1 + day, 12)) / 60_000));
  return [...offsets].sort((a, b) => a - b);
}
