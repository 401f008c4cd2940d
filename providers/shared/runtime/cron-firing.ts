import { Cron } from 'croner';
import { steadyZoneOffset, zoneOffsetAt, zoneOffsetChange } from './zone-offset';

/**
 * The croner job a cron schedule is read with on every target that fires crons itself (the
 * local scheduler, the Cloudflare Worker): the expression in its IANA time zone, never started.
 */
export function scheduleCron(expression: string, timeZone: string): Cron {
  return new Cron(expression, { timezone: timeZone, paused: true });
}

/** Longer than any change of a zone's UTC offset (summer time moves clocks by 30 minutes to 2 hours). */
const WINDOW = 25 * 3_600_000;

/** The zoned job of each schedule, made once per Worker isolate. */
const zoned = new Map<string, Cron>();

/** A cron read at a fixed UTC offset, and its last answer: `nextRun` from any instant in [from, next) is `next`. */
interface FixedCron {
  readonly cron: Cron;
  from: number;
  next: number;
}
const fixed = new Map<string, FixedCron>();

/** True when the wall clock at `offset` (whole minutes) matches the expression at `time`, per croner. */
function wallMatches(expression: string, offset: number, time: number): boolean {
  const key = `${offset} ${expression}`;
  let entry = fixed.get(key);
  if (!entry) {
    const cron = new Cron(expression, { utcOffset: offset / 60_000, paused: true });
    fixed.set(key, (entry = { cron, from: 0, next: -1 }));
  }
  const from = time - 1000;
  // At a fixed offset, nextRun is the first match after its argument: no need to ask again
  // between an answer and the instant it was asked from.
  if (from < entry.from || from >= entry.next) {
    entry.from = from;
    entry.next = entry.cron.nextRun(new Date(from))?.getTime() ?? Number.POSITIVE_INFINITY;
  }
  return entry.next === time;
}

/**
 * True when croner, reading `expression` in `timeZone` ({@link scheduleCron}) and running as a
 * job does (each firing computed by `nextRun` from the one before), fires at `time` (epoch ms,
 * a whole minute). Stateless, so a Worker woken by a UTC cron trigger can decide on its own.
 *
 * Croner steps through wall-clock times: from a firing it takes the next matching wall time
 * after that firing's wall clock, and maps it to an instant (a wall time that happens twice maps
 * to one of its two instants, which one depends on the zone; a wall time skipped by a spring
 * change maps to the instant it names in the old offset, i.e. moved forward). So:
 * - away from offset changes, croner fires exactly when the wall clock matches the expression
 *   (checked with croner at the fixed offset, which is cheap);
 * - near one, the zoned job answers, asked from the right wall clock: one second before `time`;
 *   at the instant clocks go back, one second before the wall time `time` shows (the clock one
 *   second earlier reads later); after clocks go forward, the first firing after the change is
 *   whatever the job gives from just before it (it may be a skipped wall time, moved forward),
 *   and its wall clock is where croner counts on from.
 */
export function cronFiresAt(expression: string, timeZone: string, time: number): boolean {
  const steady = steadyZoneOffset(timeZone, time, WINDOW);
  if (steady !== undefined && steady % 60_000 === 0) return wallMatches(expression, steady, time);
  const offset = zoneOffsetAt(timeZone, time);
  const before = zoneOffsetAt(timeZone, time - WINDOW);
  const key = `${timeZone} ${expression}`;
  let cron = zoned.get(key);
  if (!cron) zoned.set(key, (cron = scheduleCron(expression, timeZone)));
  const nextAfter = (from: number) => cron.nextRun(new Date(from))?.getTime();
  if (before !== offset) {
    const change = zoneOffsetChange(timeZone, time - WINDOW, time);
    const shift = offset - before;
    if (shift > 0 && time - change <= shift) {
      const first = nextAfter(change - 1000);
      if (first === undefined || time <= first) return time === first;
    }
    if (shift < 0 && time === change) return nextAfter(time + shift - 1000) === time;
  }
  return nextAfter(time - 1000) === time;
}
