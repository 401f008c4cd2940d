import { app } from '@azure/functions';
import type { InvocationContext, ScheduleEvent } from 'anycloud/runtime';
import type { AzureTriggers } from './app-settings';
import { scheduleDue } from './schedule-due';
import { sendToQueue } from './storage-queue-client';

/** The firing time of a timer that fired now: timers fire on whole minutes (seconds precision, as elsewhere). */
export function firingTime(now: number): number {
  return Math.floor(now / 60_000) * 60_000;
}

/**
 * Registers one timer trigger per NCRONTAB expression. A firing sends one schedule event per
 * schedule due at that minute (a zoned schedule is due when croner fires it, summer time
 * included) to the function's own schedule queue, whose queue trigger runs the handler: a failing
 * run is retried, then poisoned, while Azure itself never retries a timer.
 */
export function registerTimers(
  _handler: unknown,
  triggers: AzureTriggers,
  start: (invocationId: string) => InvocationContext,
): void {
  const queue = triggers.scheduleQueue;
  if (!queue) return;
  triggers.timers.forEach((timer, index) => {
    app.timer(`timer-${index}`, {
      schedule: timer.schedule,
      handler: async (_info: unknown, invocation): Promise<void> => {
        start(invocation.invocationId);
        const time = firingTime(Date.now());
        for (const matcher of timer.matchers) {
          if (!scheduleDue(matcher, time)) continue;
          const event: ScheduleEvent = {
            scheduleId: matcher.id,
            time: new Date(time).toISOString().replace(/\.000Z$/, 'Z'),
          };
          await sendToQueue(queue.endpoint, queue.queueName, JSON.stringify(event));
        }
      },
    });
  });
}
