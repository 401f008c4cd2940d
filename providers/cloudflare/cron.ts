import type { Schedule } from 'anycloud';
import type { CronExpression, CronPart } from 'anycloud/adapter';
import { expandCronField, isAnyCronField, utcMinutesOf } from '../shared/cron-fields';
import { zoneOffsets } from '../shared/zone-offsets';
import type { ScheduleMatcher } from './runtime/worker-env';

const expand = expandCronField;
const isAny = isAnyCronField;

export { zoneOffsets };

/** A Cloudflare cron trigger for one schedule, and the matcher the Worker applies when it fires. */
export interface CloudflareCron {
  /** Cloudflare's 5-field cron (UTC, day of week 1-7 with 1 = Sunday). */
  readonly cron: string;
  readonly matcher: ScheduleMatcher;
}

const field = (values: readonly number[], all: number) => (values.length === all ? '*' : values.join(','));

/**
 * Translates a schedule to a Cloudflare cron trigger. Cloudflare runs cron triggers in UTC and
 * numbers days of the week 1-7 from Sunday, so:
 * - a UTC cron is translated field by field (day of week shifted by one);
 * - a cron in another time zone fires every hour at the minutes it can fall on in UTC (one
 *   set per UTC offset the zone uses), and the Worker runs the handler when croner, reading the
 *   cron in the zone, fires it (as the local target does, summer time changes included);
 * - a rate becomes a cron when it divides an hour or a day evenly.
 * Returns an error sentence when Cloudflare cannot express the schedule.
 */
export function toCloudflareCron(schedule: Schedule): CloudflareCron | string {
  const id = schedule.node.id;
  if (schedule.rateSeconds !== undefined) {
    const minutes = schedule.rateSeconds / 60;
    const matcher: ScheduleMatcher = { id, timeZone: 'UTC' };
    if (minutes < 60 && 60 % minutes === 0)
      return { cron: minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`, matcher };
    if (minutes % 60 === 0 && minutes < 1440 && 24 % (minutes / 60) === 0)
      return { cron: minutes === 60 ? '0 * * * *' : `0 */${minutes / 60} * * *`, matcher };
    if (minutes === 1440) return { cron: '0 0 * * *', matcher };
    return `rate ${minutes} minutes does not divide an hour or a day evenly, so a cron trigger cannot express it; use a cron expression`;
  }
  const cron = schedule.cronExpression as CronExpression;
  const dom = isAny(cron.dayOfMonth) ? undefined : expand(cron.dayOfMonth);
  const dow = isAny(cron.dayOfWeek) ? undefined : expand(cron.dayOfWeek, true);
  if (dom && dow) {
    return 'a cron restricting both day of month and day of week cannot be expressed on Cloudflare (whether it ORs them is not documented); restrict one of them';
  }
  const restricted = (parts: readonly CronPart[]) => (isAny(parts) ? undefined : expand(parts));
  const minute = expand(cron.minute);
  if (schedule.timeZone === 'UTC' || schedule.timeZone === 'Etc/UTC') {
    const hour = restricted(cron.hour);
    const month = restricted(cron.month);
    const text = [
      field(minute, 60),
      hour ? field(hour, 24) : '*',
      dom ? dom.join(',') : '*',
      month ? field(month, 12) : '*',
      dow ? dow.map((d) => d + 1).join(',') : '*',
    ].join(' ');
    return { cron: text, matcher: { id, timeZone: schedule.timeZone } };
  }
  // Croner fires at a wall time of the zone in one of the offsets the zone uses (a wall time
  // skipped when clocks go forward, in the offset before the change), so at one of these minutes.
  return {
    cron: `${field(utcMinutesOf(minute, zoneOffsets(schedule.timeZone)), 60)} * * * *`,
    matcher: { id, timeZone: schedule.timeZone, cron: schedule.cron as string },
  };
}
