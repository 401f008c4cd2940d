import { cronFiresAt } from '../../shared/runtime/cron-firing';
import type { AzureScheduleMatcher } from './app-settings';

/**
 * True when a schedule is due at a timer's firing `time` (epoch ms): always for a UTC cron or a
 * rate (their NCRONTAB is exact); for a cron in another time zone, when croner fires it then,
 * as on the local target.
 */
export function scheduleDue(matcher: AzureScheduleMatcher, time: number): boolean {
  if (matcher.cron === undefined) return true;
  return cronFiresAt(matcher.cron, matcher.timeZone, Math.floor(time / 60_000) * 60_000);
}
