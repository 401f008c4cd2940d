import type { ScheduleEvent } from 'anycloud/runtime';
import { handlerFor } from 'anycloud/runtime/host';
import { scheduleDue } from './schedule-match';
import { ENV, type ScheduleMatcher } from './worker-env';
import { parseJsonBinding, type WorkerInvocation } from './worker-host';
import type { ModuleWorker, QueueProducer } from './workers-types';

/**
 * The Worker's `scheduled`: a cron trigger firing. Each schedule due at that time is sent to the
 * function's schedule queue (consumed by this same Worker), so a failing run is retried and then
 * dead-lettered, as on the other targets; Cloudflare itself does not retry cron invocations.
 */
export function scheduledPart({ handler, start }: WorkerInvocation): NonNullable<ModuleWorker['scheduled']> {
  return async (controller, env) => {
    const ctx = start(env);
    const scheduled = handlerFor(handler, 'schedule', 'a schedule firing', `"${ctx.functionPath}"`);
    const schedules = parseJsonBinding<Record<string, ScheduleMatcher[]>>(env, ENV.schedules, {});
    // Seconds precision, as the other targets' schedulers give it.
    const time = new Date(controller.scheduledTime).toISOString().replace(/\.000Z$/, 'Z');
    // A schedule in a time zone fires hourly in UTC; it runs at the firings croner fires it at.
    const queue = env[ENV.scheduleQueue] as QueueProducer | undefined;
    for (const matcher of schedules[controller.cron] ?? []) {
      if (!scheduleDue(matcher, controller.scheduledTime)) continue;
      const event: ScheduleEvent = { scheduleId: matcher.id, time };
      if (queue) await queue.send(event, { contentType: 'json' });
      else await scheduled.run(event, ctx);
    }
  };
}
