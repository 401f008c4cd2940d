import { app, type InvocationContext as AzureInvocation } from '@azure/functions';
import type {
  InvocationContext,
  Message,
  NeutralHandler,
  ObjectEvent,
  ScheduleEvent,
} from 'anycloud/runtime';
import { dispatchMessages, handlerFor } from 'anycloud/runtime/host';
import { APP_SETTINGS, type AzureConsumedQueue, type AzureTriggers } from './app-settings';
import { sendToQueue } from './storage-queue-client';

/** An Event Grid event (Event Grid schema), as a blob system topic delivers it into a queue. */
interface BlobEvent {
  readonly eventType: string;
  readonly subject: string;
  readonly eventTime?: string;
  readonly data?: { readonly contentLength?: number };
}

/** A CloudEvents 1.0 event, as a custom topic delivers it into a queue. */
interface CloudEvent {
  readonly specversion: string;
  readonly data?: unknown;
}

/**
 * The message as JSON: the library parses a JSON message already; Event Grid may write its events
 * base64-encoded into the queue, so a string that is not JSON is tried as base64 JSON.
 */
export function messageBody(entry: unknown): unknown {
  if (typeof entry !== 'string') return entry;
  try {
    return JSON.parse(entry);
  } catch {
    try {
      return JSON.parse(Buffer.from(entry, 'base64').toString('utf8'));
    } catch {
      return entry;
    }
  }
}

/** The key of the blob an Event Grid subject names (`/blobServices/default/containers/<c>/blobs/<key>`). */
export function blobKeyOf(subject: string): string {
  const at = subject.indexOf('/blobs/');
  return at === -1 ? subject : subject.slice(at + '/blobs/'.length);
}

/** Runs one message of `source`; throws when the handler failed. */
async function runMessage(
  handler: NeutralHandler,
  source: AzureConsumedQueue['source'],
  body: unknown,
  invocation: AzureInvocation,
  attempt: number,
  ctx: InvocationContext,
): Promise<void> {
  const who = `"${ctx.functionPath}"`;
  if (source.kind === 'schedule') {
    await handlerFor(
      handler,
      'schedule',
      `a firing of schedule ${(body as ScheduleEvent).scheduleId}`,
      who,
    ).run(body as ScheduleEvent, ctx);
    return;
  }
  if (source.kind === 'bucket') {
    const event = body as BlobEvent;
    const neutral: ObjectEvent = {
      type: event.eventType === 'Microsoft.Storage.BlobDeleted' ? 'removed' : 'created',
      bucket: source.id,
      key: blobKeyOf(event.subject),
      ...(typeof event.data?.contentLength === 'number' ? { size: event.data.contentLength } : {}),
      time: event.eventTime ?? new Date().toISOString(),
    };
    await handlerFor(handler, 'object-event', `an object event of bucket ${source.id}`, who).run(
      neutral,
      ctx,
    );
    return;
  }
  const consumer = handlerFor(handler, 'messages', `a message of ${source.kind} ${source.id}`, who);
  const message: Message = {
    id: String(invocation.triggerMetadata?.id ?? invocation.invocationId),
    body: source.kind === 'topic' ? (body as CloudEvent).data : body,
    attempt,
    source: { kind: source.kind, id: source.id },
  };
  const failed = await dispatchMessages(consumer, [message], ctx);
  if (failed.length > 0) throw new Error(`message ${message.id} failed (attempt ${attempt})`);
}

/**
 * Registers one queue trigger per consumed storage queue (`connection: 'ANYCLOUD_DATA'`, the
 * identity-based connection to the data account). The Functions host retries a failed message
 * up to the app's `maxDequeueCount` (the largest `maxRetries + 1` of its sources); a source that
 * allows fewer retries has its message moved to `<queue>-poison` by the shim on its last attempt,
 * so each source keeps its own retry count.
 */
export function registerQueues(
  handler: NeutralHandler,
  triggers: AzureTriggers,
  start: (invocationId: string) => InvocationContext,
): void {
  triggers.queues.forEach((consumed, index) => {
    app.storageQueue(`queue-${index}`, {
      queueName: consumed.queueName,
      connection: APP_SETTINGS.dataConnection,
      handler: async (entry: unknown, invocation: AzureInvocation): Promise<void> => {
        const ctx = start(invocation.invocationId);
        const attempt = Number(invocation.triggerMetadata?.dequeueCount) || 1;
        const body = messageBody(entry);
        try {
          await runMessage(handler, consumed.source, body, invocation, attempt, ctx);
        } catch (error) {
          if (attempt < consumed.maxRetries + 1) throw error;
          console.error(
            `[anycloud] ${ctx.functionPath} ${consumed.queueName}: last attempt failed, poisoned:`,
            error,
          );
          const text = typeof entry === 'string' ? entry : JSON.stringify(entry);
          await sendToQueue(consumed.endpoint, `${consumed.queueName}-poison`, text);
        }
      },
    });
  });
}
