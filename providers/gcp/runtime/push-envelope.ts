import type { Message, ObjectEvent, ScheduleEvent } from 'anycloud/runtime';
import { decodeBody } from 'anycloud/runtime/host';
import type { GcpPush } from './function-settings';

/** The body of a Pub/Sub push request (https://cloud.google.com/pubsub/docs/push#receive_push). */
export interface PushEnvelope {
  readonly message: {
    readonly data?: string;
    readonly attributes?: Readonly<Record<string, string>>;
    readonly messageId: string;
    readonly publishTime: string;
  };
  readonly subscription: string;
  /** Present when the subscription has a dead-letter policy: 1 on the first delivery. */
  readonly deliveryAttempt?: number;
}

/** True when `body` looks like a push envelope (a message with an id). */
export function isPushEnvelope(body: unknown): body is PushEnvelope {
  const message = (body as { message?: { messageId?: unknown } } | undefined)?.message;
  return typeof message === 'object' && message !== null && typeof message.messageId === 'string';
}

/** The message data as text (Pub/Sub carries it base64-encoded). */
function dataText(envelope: PushEnvelope): string {
  return Buffer.from(envelope.message.data ?? '', 'base64').toString('utf8');
}

/** A queue or topic message, as the neutral handler receives it. */
export function neutralMessage(envelope: PushEnvelope, source: GcpPush['source']): Message {
  return {
    id: envelope.message.messageId,
    body: decodeBody(dataText(envelope)),
    attempt: envelope.deliveryAttempt ?? 1,
    source: { kind: source.kind as 'queue' | 'topic', id: source.id },
  };
}

/**
 * The object event of a Cloud Storage notification (JSON_API_V1: the object resource as data,
 * `eventType`, `objectId` and `eventTime` as attributes), or undefined when the key does not end
 * with the subscription's suffix (notifications filter prefixes only).
 */
export function neutralObjectEvent(envelope: PushEnvelope, push: GcpPush): ObjectEvent | undefined {
  const attributes = envelope.message.attributes ?? {};
  const key = attributes.objectId ?? '';
  if (push.suffix !== undefined && !key.endsWith(push.suffix)) return undefined;
  const object = decodeBody(dataText(envelope)) as { size?: string } | string;
  const size = typeof object === 'object' && object !== null ? Number(object.size) : NaN;
  return {
    type: attributes.eventType === 'OBJECT_DELETE' ? 'removed' : 'created',
    bucket: push.source.id,
    key,
    ...(Number.isFinite(size) && attributes.eventType !== 'OBJECT_DELETE' ? { size } : {}),
    time: attributes.eventTime ?? envelope.message.publishTime,
  };
}

/**
 * The firing of a schedule: Cloud Scheduler publishes `{ scheduleId }` when the job runs; the
 * firing time is the publish time at the minute (jobs run on minute boundaries).
 */
export function neutralScheduleEvent(envelope: PushEnvelope): ScheduleEvent {
  const { scheduleId } = decodeBody(dataText(envelope)) as { scheduleId: string };
  const minute = Math.floor(Date.parse(envelope.message.publishTime) / 60_000) * 60_000;
  return { scheduleId, time: new Date(minute).toISOString().replace(/\.000Z$/, 'Z') };
}
