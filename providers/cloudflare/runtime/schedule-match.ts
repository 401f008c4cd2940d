import { cronFiresAt } from '../../shared/runtime/cron-firing';
import type { ScheduleMatcher } from './worker-env';

/**
 * True when a schedule is due at a cron trigger's `time` (epoch ms): always for a UTC cron or a
 * rate (their trigger is exact); for a cron in another time zone, when croner fires it then, as
 * on the local target.
 */
export function scheduleDue(matcher: ScheduleMatcher, time: number): boolean {
  if (matcher.cron === undefined) return true;
  // Cron triggers fire on whole minutes; croner's firings are whole minutes.
  return cronFiresAt(matcher.cron, matcher.timeZone, Math.floor(time / 60_000) * 60_000);
}
