import type { Cron } from 'croner';
import type { Schedule } from 'anycloud';
import { scheduleCron } from '../shared/runtime/cron-firing';
import type { Clock } from './clock';

interface Entry {
  readonly schedule: Schedule;
  readonly cron?: Cron;
  next: number;
}

/**
 * Fires schedules on the local target: crons (with their time zone, via croner) and rates.
 * With the system clock it sets real timers; with a fake clock `advanceTo` fires every
 * firing due up to a time, in order.
 */
export class Scheduler {
  private readonly entries: Entry[];
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    schedules: readonly Schedule[],
    private readonly clock: Clock,
    private readonly fire: (schedule: Schedule, time: string) => Promise<void>,
  ) {
    const now = clock.now();
    this.entries = schedules.map((schedule) => {
      const cron = schedule.cron ? scheduleCron(schedule.cron, schedule.timeZone) : undefined;
      const entry: Entry = { schedule, cron, next: 0 };
      entry.next = this.nextAfter(entry, now);
      return entry;
    });
  }

  private nextAfter(entry: Entry, after: number): number {
    if (entry.cron) return entry.cron.nextRun(new Date(after))?.getTime() ?? Number.POSITIVE_INFINITY;
    return after + (entry.schedule.rateSeconds ?? 60) * 1000;
  }

  /** The next firing time of every schedule (for the dev console). */
  upcoming(): { id: string; next: Date }[] {
    return this.entries.map((e) => ({ id: e.schedule.node.id, next: new Date(e.next) }));
  }

  /** Fires, in time order, every firing due at or before `time`. */
  async advanceTo(time: number): Promise<void> {
    for (;;) {
      const due = this.entries.filter((e) => e.next <= time).sort((a, b) => a.next - b.next)[0];
      if (!due) return;
      const at = due.next;
      due.next = this.nextAfter(due, at);
      await this.fire(due.schedule, new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    }
  }

  /** Runs with real timers until `stop`. */
  start(): void {
    const tick = () => {
      if (this.stopped) return;
      const next = Math.min(...this.entries.map((e) => e.next));
      if (!Number.isFinite(next)) return;
      // Timers are capped so a far-away firing is re-checked (and survives clock changes).
      this.timer = setTimeout(
        () => {
          void this.advanceTo(this.clock.now()).finally(tick);
        },
        Math.min(Math.max(0, next - this.clock.now()), 60_000),
      );
      this.timer.unref?.();
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
