import type { Schedule } from 'anycloud';
import type { CronExpression, CronPart } from 'anycloud/adapter';
import { expandCronField, isAnyCronField, utcMinutesOf } from '../shared/cron-fields';
import { zoneOffsets } from '../shared/zone-offsets';
import type { AzureScheduleMatcher } from './runtime/app-settings';

/** A timer trigger for one schedule, and the matcher the shim applies when it fires. */
export interface AzureTimerOfSchedule {
  /** NCRONTAB, 6 fields (`{second} {minute} {hour} {day} {month} {day-of-week}`), run in UTC on Flex. */
  readonly schedule: string;
  readonly matcher: AzureScheduleMatcher;
}

const field = (values: readonly number[], all: number) => (values.length === all ? '*' : values.join(','));

/**
 * Translates a schedule to an Azure Functions timer (https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#ncrontab-expressions).
 * Flex Consumption runs timers in UTC only (`WEBSITE_TIME_ZONE` is not supported), so:
 * - a UTC cron is translated field by field (seconds `0`, day of week 0-6 from Sunday);
 * - a cron in another time zone fires every hour at the minutes it can fall on in UTC, and the
 *   shim runs the handler when croner, reading the cron in the zone, fires it (as the local
 *   target and Cloudflare do, summer time changes included);
 * - a rate becomes a timer when it divides an hour or a day evenly.
 * Returns an error sentence when a timer cannot express the schedule.
 */
export function toAzureTimer(schedule: Schedule): AzureTimerOfSchedule | string {
  const id = schedule.node.id;
  if (schedule.rateSeconds !== undefined) {
    const minutes = schedule.rateSeconds / 60;
    const matcher: AzureScheduleMatcher = { id, timeZone: 'UTC' };
    if (minutes < 60 && 60 % minutes === 0)
      return { schedule: minutes === 1 ? '0 * * * * *' : `0 */${minutes} * * * *`, matcher };
    if (minutes % 60 === 0 && minutes < 1440 && 24 % (minutes / 60) === 0)
      return { schedule: minutes === 60 ? '0 0 * * * *' : `0 0 */${minutes / 60} * * *`, matcher };
    if (minutes === 1440) return { schedule: '0 0 0 * * *', matcher };
    return `rate ${minutes} minutes does not divide an hour or a day evenly, so a timer trigger cannot express it; use a cron expression`;
  }
  const cron = schedule.cronExpression as CronExpression;
  const restricted = (parts: readonly CronPart[], dayOfWeek = false) =>
    isAnyCronField(parts) ? undefined : expandCronField(parts, dayOfWeek);
  const dom = restricted(cron.dayOfMonth);
  const dow = restricted(cron.dayOfWeek, true);
  if (dom && dow) {
    return 'a cron restricting both day of month and day of week cannot be expressed as an Azure timer (NCRONTAB does not document whether it ORs them like cron); restrict one of them';
  }
  const minute = expandCronField(cron.minute);
  if (schedule.timeZone === 'UTC' || schedule.timeZone === 'Etc/UTC') {
    const hour = restricted(cron.hour);
    const month = restricted(cron.month);
    const text = [
      '0',
      field(minute, 60),
      hour ? field(hour, 24) : '*',
      dom ? dom.join(',') : '*',
      month ? field(month, 12) : '*',
      dow ? dow.join(',') : '*',
    ].join(' ');
    return { schedule: text, matcher: { id, timeZone: schedule.timeZone } };
  }
  return {
    schedule: `0 ${field(utcMinutesOf(minute, zoneOffsets(schedule.timeZone)), 60)} * * * *`,
    matcher: { id, timeZone: schedule.timeZone, cron: schedule.cron as string },
  };
}
