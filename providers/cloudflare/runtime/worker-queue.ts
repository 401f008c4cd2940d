import { type Message, type ScheduleEvent } from 'anycloud/runtime';
import { dispatchMessages, handlerFor } from 'anycloud/runtime/host';
import { ENV, R2_ACTIONS, type QueueSource, type R2EventMessage } from './worker-env';
import { parseJsonBinding, type WorkerInvocation } from './worker-host';
import type { ModuleWorker, QueueMessage } from './workers-types';

/** Runs `run` on each message; a failure retries that message only (then the dead-letter queue). */
async function eachMessage(
  messages: readonly QueueMessage[],
  what: string,
  run: (message: QueueMessage) => Promise<void> | void,
): Promise<void> {
  await Promise.all(
    messages.map(async (message) => {
      try {
        await run(message);
        message.ack();
      } catch (error) {
        console.error(`[anycloud] ${what} ${message.id} (attempt ${message.attempts}) failed:`, error);
        message.retry();
      }
    }),
  );
}

/**
 * The Worker's `queue`: queue and topic messages, R2 event notifications, and the function's own
 * schedule queue (cron firings, so a failing schedule is retried and dead-lettered). Each message is
 * acknowledged or retried on its own, so one failure never re-runs the others.
 */
export function queuePart({ handler, start }: WorkerInvocation): NonNullable<ModuleWorker['queue']> {
  return async (batch, env) => {
    const ctx = start(env);
    const sources = parseJsonBinding<Record<string, QueueSource>>(env, ENV.sources, {});
    const source = sources[batch.queue] ?? { kind: 'queue', id: batch.queue };

    if (source.kind === 'bucket') {
      const onObject = handlerFor(
        handler,
        'object-event',
        `an object event of bucket ${source.id}`,
        `"${ctx.functionPath}"`,
      );
      await eachMessage(batch.messages, `${ctx.functionPath} object event`, (message) => {
        const event = message.body as R2EventMessage;
        return onObject.run(
          {
            type: (R2_ACTIONS.removed as readonly string[]).includes(event.action) ? 'removed' : 'created',
            bucket: source.id,
            key: event.object.key,
            size: event.object.size,
            time: event.eventTime ?? message.timestamp.toISOString(),
          },
          ctx,
        );
      });
      return;
    }

    if (source.kind === 'schedule') {
      const scheduled = handlerFor(
        handler,
        'schedule',
        `a firing of schedule ${source.id}`,
        `"${ctx.functionPath}"`,
      );
      await eachMessage(batch.messages, `${ctx.functionPath} schedule`, (message) =>
        scheduled.run(message.body as ScheduleEvent, ctx),
      );
      return;
    }

    const consumer = handlerFor(
      handler,
      'messages',
      `a message of ${source.kind === 'topic' ? 'topic' : 'queue'} ${source.id}`,
      `"${ctx.functionPath}"`,
    );
    const byId = new Map<string, QueueMessage>(batch.messages.map((m) => [m.id, m]));
    const neutral: Message[] = batch.messages.map((m) => ({
      id: m.id,
      body: m.body,
      attempt: m.attempts,
      source: { kind: source.kind === 'topic' ? 'topic' : 'queue', id: source.id },
    }));
    const failed = new Set(await dispatchMessages(consumer, neutral, ctx));
    for (const [id, message] of byId) {
      if (failed.has(id)) message.retry();
      else message.ack();
    }
  };
}
