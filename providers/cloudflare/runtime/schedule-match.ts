import type { ScheduleMatcher } from './worker-env';

const formats = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock fields of `time` in `timeZone`. */
function fieldsIn(timeZone: string, time: number): Record<string, number> {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formats.set(timeZone, format);
  }
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(time)) {
    fields[part.type] = part.type === 'weekday' ? WEEKDAYS.indexOf(part.value) : Number(part.value);
  }
  return fields;
}

/** True when a schedule is due at `time` (epoch ms): every field it restricts matches the time in its zone. */
export function scheduleDue(matcher: ScheduleMatcher, time: number): boolean {
  if (!matcher.minute && !matcher.hour && !matcher.dayOfMonth && !matcher.month && !matcher.dayOfWeek)
    return true;
  const f = fieldsIn(matcher.timeZone, time);
  const ok = (allowed: readonly number[] | undefined, value: number) => !allowed || allowed.includes(value);
  return (
    ok(matcher.minute, f.minute) &&
    ok(matcher.hour, f.hour) &&
    ok(matcher.dayOfMonth, f.day) &&
    ok(matcher.month, f.month) &&
    ok(matcher.dayOfWeek, f.weekday)
  );
}
