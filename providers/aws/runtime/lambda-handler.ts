import type { APIGatewayProxyEventV2, Context, SNSEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type InvocationContext, type Message } from 'anycloud/runtime';
import {
  decodeBody,
  dispatchHttp,
  dispatchMessages,
  handlerFor,
  neutralHandlerOf,
  parseJsonSetting,
  SHIM_SETTINGS,
  setRuntimeHost,
  type Bindings,
  type RuntimeHost,
} from 'anycloud/runtime/host';
import { fromApiGatewayEvent, toApiGatewayResult } from './api-gateway-event';
import { decodeS3EventKey } from './s3-event-key';

/** Where a native event came from: native name or ARN → neutral kind and construct id. */
export type Sources = Readonly<
  Record<string, { readonly kind: 'queue' | 'topic' | 'bucket'; readonly id: string }>
>;

/** Environment variables the AWS adapter sets on every function. */
export const ENV = SHIM_SETTINGS;

/** The payload EventBridge Scheduler sends (set by the AWS adapter). */
export interface SchedulePayload {
  readonly anycloud: 'schedule';
  readonly scheduleId: string;
  readonly time: string;
}

/** S3 "Object Created" / "Object Deleted" event delivered by EventBridge. */
export interface S3EventBridgeEvent {
  readonly source: 'aws.s3';
  readonly 'detail-type': 'Object Created' | 'Object Deleted';
  readonly time: string;
  readonly detail: {
    readonly bucket: { readonly name: string };
    readonly object: { readonly key: string; readonly size?: number };
  };
}

type LambdaEvent = APIGatewayProxyEventV2 | SQSEvent | SNSEvent | SchedulePayload | S3EventBridgeEvent;

function jsonEnv<T>(name: string, fallback: T): T {
  return parseJsonSetting(name, process.env[name], fallback, 'function');
}

/**
 * Wraps a neutral handler as a Lambda handler: installs the runtime host (bindings and the
 * client factories bundled for this function), then turns each native event into the neutral one.
 */
export function createLambdaHandler(
  exported: unknown,
  factories: RuntimeHost['factories'],
): (event: LambdaEvent, context: Context) => Promise<unknown> {
  const functionPath = process.env[ENV.functionPath] ?? 'unknown';
  const handler = neutralHandlerOf(exported, `"${functionPath}"`);
  const bindings = jsonEnv<Bindings>(ENV.bindings, {});
  const sources = jsonEnv<Sources>(ENV.sources, {});
  const varyOrigin = process.env[ENV.corsVary] === '1';
  const who = `"${functionPath}"`;
  const host = { functionPath, bindings, factories };
  setRuntimeHost(host);

  const sourceOf = (native: string, kind: 'queue' | 'topic' | 'bucket') => {
    const found = sources[native];
    return found && found.kind === kind ? found.id : (native.split(/[:/]/).pop() ?? native);
  };

  return async (event, context) => {
    setRuntimeHost(host); // another bundle loaded in the same process (tests) may have installed its own
    const ctx: InvocationContext = { functionPath, invocationId: context?.awsRequestId ?? '' };
    const e = event as Partial<APIGatewayProxyEventV2 & SQSEvent & SchedulePayload & S3EventBridgeEvent>;

    if (e.requestContext && 'http' in e.requestContext) {
      const http = handlerFor(handler, 'http', `an HTTP request (${e.routeKey})`, who);
      const raw = fromApiGatewayEvent(event as APIGatewayProxyEventV2);
      return toApiGatewayResult(await dispatchHttp(http, raw, ctx), varyOrigin);
    }

    if (e.anycloud === 'schedule') {
      await handlerFor(handler, 'schedule', `a firing of schedule ${e.scheduleId}`, who).run(
        { scheduleId: e.scheduleId!, time: e.time! },
        ctx,
      );
      return undefined;
    }

    if (e.source === 'aws.s3' && e.detail) {
      await handlerFor(
        handler,
        'object-event',
        `an object event of bucket ${sourceOf(e.detail.bucket.name, 'bucket')}`,
        who,
      ).run(
        {
          type: e['detail-type'] === 'Object Deleted' ? 'removed' : 'created',
          bucket: sourceOf(e.detail.bucket.name, 'bucket'),
          // URL-encoded form style, as in S3's own notifications (evidence in s3-event-key.ts).
          key: decodeS3EventKey(e.detail.object.key),
          size: e.detail.object.size,
          time: e.time!,
        },
        ctx,
      );
      return undefined;
    }

    const records = (event as { Records?: unknown[] }).Records;
    if (Array.isArray(records) && records.length > 0) {
      const consumer = handlerFor(
        handler,
        'messages',
        (records[0] as { EventSource?: string }).EventSource === 'aws:sns'
          ? 'a topic message'
          : 'a queue message',
        who,
      );
      const first = records[0] as { eventSource?: string; EventSource?: string };
      if (first.eventSource === 'aws:sqs') {
        const batch: Message[] = (event as SQSEvent).Records.map((r) => ({
          id: r.messageId,
          body: decodeBody(r.body),
          attempt: Number(r.attributes.ApproximateReceiveCount) || 1,
          source: { kind: 'queue', id: sourceOf(r.eventSourceARN, 'queue') },
        }));
        const failed = await dispatchMessages(consumer, batch, ctx);
        const response: SQSBatchResponse = {
          batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })),
        };
        return response;
      }
      if (first.EventSource === 'aws:sns') {
        const batch: Message[] = (event as SNSEvent).Records.map((r) => ({
          id: r.Sns.MessageId,
          body: decodeBody(r.Sns.Message),
          attempt: 1,
          source: { kind: 'topic', id: sourceOf(r.Sns.TopicArn, 'topic') },
        }));
        const failed = await dispatchMessages(consumer, batch, ctx);
        // SNS invokes Lambda asynchronously: throwing makes Lambda retry, then dead-letter.
        if (failed.length > 0)
          throw new Error(`anycloud: ${failed.length} topic message(s) failed: ${failed.join(', ')}`);
        return undefined;
      }
    }
    throw new Error(`anycloud: "${functionPath}" received an event it does not recognise`);
  };
}
