import type { Function } from 'anycloud';
import type { FunctionTriggers } from 'anycloud/adapter';
import { OBJECT_EVENT_RETRIES } from './bucket';

/** Schedule firings are retried this many times, then poisoned (as EventBridge Scheduler does on AWS). */
export const SCHEDULE_RETRIES = 2;

/** The Functions host's default parallel queue batch (QueuesOptions.BatchSize). */
const DEFAULT_BATCH_SIZE = 16;

/** `hh:mm:ss` of a number of seconds. */
function timeSpan(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** The retries each consumed queue of `fn` allows, by source. */
export function consumedRetries(t: FunctionTriggers): number[] {
  return [
    ...t.queues.map((q) => q.subscription.maxRetries),
    ...t.topics.map((s) => s.subscription.maxRetries),
    ...t.objectEvents.map(() => OBJECT_EVENT_RETRIES),
    ...(t.schedules.length > 0 ? [SCHEDULE_RETRIES] : []),
  ];
}

/**
 * The `host.json` of a function app (settings the Functions host applies to the whole app):
 * the function timeout, no route prefix (API Management forwards the API's own paths), and the
 * queue trigger settings: raw (not base64) messages, no delay before a retry, `batchSize` from
 * the app's queue subscriptions (validated to agree), and `maxDequeueCount` the largest
 * `maxRetries + 1` of its sources (the shim poisons earlier for sources that allow fewer).
 */
export function hostJson(fn: Function, t: FunctionTriggers): string {
  const retries = consumedRetries(t);
  const batchSizes = t.queues.map((q) => q.subscription.batchSize);
  const queues =
    retries.length > 0
      ? {
          queues: {
            batchSize: batchSizes.length > 0 ? Math.max(...batchSizes) : DEFAULT_BATCH_SIZE,
            maxDequeueCount: Math.max(...retries) + 1,
            visibilityTimeout: '00:00:00',
            messageEncoding: 'none',
          },
        }
      : {};
  return `${JSON.stringify(
    {
      version: '2.0',
      functionTimeout: timeSpan(fn.timeoutSeconds),
      extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' },
      extensions: { http: { routePrefix: '' }, ...queues },
    },
    null,
    2,
  )}\n`;
}
