const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * How far `timeZone`'s wall clock is ahead of UTC at `time` (epoch ms), in milliseconds: 3 600 000
 * for Paris in winter, -18 000 000 for New York in winter.
 */
export function zoneOffsetAt(timeZone: string, time: number): number {
  let format = formats.get(timeZone);
  if (!format) {
    // Only the offset ("GMT+05:45", "GMT" at zero) is read: the cheapest format that shows it.
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formats.set(timeZone, format);
  }
  const match = /GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(format.format(time));
  if (!match) throw new Error(`no UTC offset in ${format.format(time)} (${timeZone})`);
  if (!match[1]) return 0;
  const ms = ((Number(match[2]) * 60 + Number(match[3])) * 60 + Number(match[4] ?? 0)) * 1000;
  return match[1] === '-' ? -ms : ms;
}

/** Per zone, the last span over which its offset was found steady. */
const steadySpans = new Map<string, { from: number; to: number; offset: number }>();

/**
 * The zone's offset at `time` when it stays the same from `window` before `time` to `window`
 * after it; undefined near a change. Offsets sampled `window` apart that agree are taken as
 * steady in between (no zone changes its offset and back within a day, so a `window` of a day
 * or more is safe). Looks up to a week ahead, so the next days' calls read no clock.
 */
export function steadyZoneOffset(timeZone: string, time: number, window: number): number | undefined {
  const known = steadySpans.get(timeZone);
  if (known && known.from <= time - window && time + window <= known.to) return known.offset;
  const offset = zoneOffsetAt(timeZone, time);
  if (zoneOffsetAt(timeZone, time - window) !== offset) return undefined;
  let to = time;
  for (let i = 0; i < 7 && zoneOffsetAt(timeZone, to + window) === offset; i++) to += window;
  if (to === time) return undefined;
  steadySpans.set(timeZone, { from: time - window, to, offset });
  return offset;
}

/** The instant in (from, to] at which the zone's offset changes to the one it has at `to`, to the second. */
export function zoneOffsetChange(timeZone: string, from: number, to: number): number {
  const after = zoneOffsetAt(timeZone, to);
  let [lo, hi] = [from, to];
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (zoneOffsetAt(timeZone, mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}
