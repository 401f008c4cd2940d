import { textOf } from './validation-error';
import type { Construct } from 'constructs';
import { parseCron, type CronExpression } from './cron';
import { parseDurationSeconds, type Duration } from './duration';
import type { Function } from './function';
import { Resource } from './resource';

/** Properties of a {@link Schedule}: exactly one of `cron` or `rate`. */
export interface ScheduleProps {
  /** Standard 5-field cron: minute hour day-of-month month day-of-week (0-6, 0 = Sunday). */
  readonly cron?: string;
  /** A fixed interval of whole minutes, e.g. `'5 minutes'` or `'1 day'`. */
  readonly rate?: Duration;
  /** IANA time zone the cron is read in. @default 'UTC' */
  readonly timeZone?: string;
  /** The function to run (a `schedule()` handler). */
  readonly target: Function;
}

/** Runs a function on a cron or a fixed rate, in a time zone. */
export class Schedule extends Resource {
  readonly kind = 'schedule' as const;
  /** The cron expression as written, when the schedule is a cron. */
  readonly cron?: string;
  /** The parsed cron, when valid. */
  readonly cronExpression?: CronExpression;
  /** The rate in seconds, when the schedule is a rate. */
  readonly rateSeconds?: number;
  /** IANA time zone. */
  readonly timeZone: string;
  /** The function the schedule runs. */
  readonly target: Function;

  constructor(scope: Construct, id: string, props: ScheduleProps) {
    super(scope, id);
    const p = this.propsObject<ScheduleProps>(props, 'an object with cron or rate and a target');
    this.checkTarget('schedule.target', p.target, 'target');
    this.target = p.target as Function;

    if ((p.cron === undefined) === (p.rate === undefined)) {
      this.addIssue(
        'schedule.expression',
        { cron: p.cron, rate: p.rate },
        'give exactly one of cron or rate',
      );
    }
    if (p.cron !== undefined) {
      const parsed = parseCron(p.cron);
      if (typeof parsed === 'string') this.addIssue('schedule.cron', p.cron, parsed);
      else this.cronExpression = parsed;
      this.cron = textOf(p.cron);
    }
    if (p.rate !== undefined) {
      const seconds = parseDurationSeconds(p.rate);
      if (seconds === undefined || seconds % 60 !== 0) {
        this.addIssue('schedule.rate', p.rate, 'rate must be whole minutes, hours or days, e.g. "5 minutes"');
      } else {
        this.rateSeconds = seconds;
      }
    }
    // An invalid zone is reported and replaced by UTC, so no target meets it before validation throws.
    this.timeZone = p.timeZone === undefined || !isTimeZone(p.timeZone) ? 'UTC' : textOf(p.timeZone);
    if (p.timeZone !== undefined && !isTimeZone(p.timeZone)) {
      this.addIssue(
        'schedule.timeZone',
        p.timeZone,
        'timeZone must be an IANA time zone such as "Europe/Paris"',
      );
    }
    if (p.timeZone !== undefined && p.rate !== undefined && p.cron === undefined) {
      this.addIssue('schedule.timeZone.rate', p.timeZone, 'timeZone applies to cron schedules only');
    }
  }
}

function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
