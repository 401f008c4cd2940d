import { scheduleDue } from './schedule-match';
import { ENV, type ScheduleMatcher } from './worker-env';
import { mismatch, parseJsonBinding, type WorkerInvocation } from './worker-host';
import type { ModuleWorker } from './workers-types';

/** The Worker's `scheduled`: a cron trigger firing, run for each schedule due at that time. */
export function scheduledPart({ handler, start }: WorkerInvocation): NonNullable<ModuleWorker['scheduled']> {
  return async (controller, env) => {
    const ctx = start(env);
    if (handler.kind !== 'schedule') throw mismatch(handler, 'a schedule');
    const schedules = parseJsonBinding<Record<string, ScheduleMatcher[]>>(env, ENV.schedules, {});
    // Seconds precision, as the other targets' schedulers give it.
    const time = new Date(controller.scheduledTime).toISOString().replace(/\.000Z$/, 'Z');
    // A schedule in a time zone fires hourly in UTC; only the firings that match it run the handler.
    for (const matcher of schedules[controller.cron] ?? []) {
      if (scheduleDue(matcher, controller.scheduledTime))
        await handler.run({ scheduleId: matcher.id, time }, ctx);
    }
  };
}
