import { createHash } from 'node:crypto';
import * as cloudflare from '@pulumi/cloudflare';
import type { Bucket, Function, Resource, Topic } from 'anycloud';
import { childOf } from '../shared/pulumi-component';
import type { CloudflareBuildContext } from './context';
import { cloudflareName } from './naming';
import type { ConsumedQueue } from './natives';

/** Name of the dead-letter queue of `queueName`: `<name>-dlq`, shortened with a hash of the full name past 63 characters. */
export function deadLetterName(queueName: string): string {
  if (queueName.length <= 59) return `${queueName}-dlq`;
  const hash = createHash('sha256').update(queueName).digest('hex').slice(0, 8);
  return `${queueName.slice(0, 50).replace(/-+$/, '')}-${hash}-dlq`;
}

/** Name of the queue feeding subscriber `target` of a topic. */
export function subscriberQueueName(topic: Topic, target: Function): string {
  return cloudflareName(topic, 'queue', target.node.id);
}

/** Name of the queue carrying the R2 event notifications of subscription `index` of a bucket. */
export function notificationQueueName(bucket: Bucket, index: number): string {
  return cloudflareName(bucket, 'queue', `events-${index}`);
}

/**
 * Declares a queue and its dead-letter queue under `owner`'s component; their Pulumi names are
 * `<owner path>/<role>` and `<owner path>/<role>-dead-letters`.
 */
export function declareConsumedQueue(
  owner: Resource,
  role: string,
  queueName: string,
  ctx: CloudflareBuildContext,
  args: Omit<cloudflare.QueueArgs, 'accountId' | 'queueName'> = {},
  transform: (a: cloudflare.QueueArgs) => cloudflare.QueueArgs = (a) => a,
): ConsumedQueue {
  const parent = childOf(ctx.componentOf(owner));
  const accountId = ctx.settings.accountId;
  const deadLetterQueue = new cloudflare.Queue(
    `${owner.node.path}/${role}-dead-letters`,
    { accountId, queueName: deadLetterName(queueName), settings: args.settings },
    parent,
  );
  const queue = new cloudflare.Queue(
    `${owner.node.path}/${role}`,
    transform({ ...args, accountId, queueName }),
    parent,
  );
  return { queue, deadLetterQueue };
}

/**
 * Connects a queue to its consumer Worker: batches of at most `batchSize`, each message
 * retried `maxRetries` times on its own, then moved to the dead-letter queue.
 */
export function connectConsumer(
  owner: Resource,
  target: Function,
  consumed: ConsumedQueue,
  settings: { readonly batchSize?: number; readonly maxRetries: number },
  ctx: CloudflareBuildContext,
): void {
  const { script } = ctx.nativeOf(target);
  consumed.consumer = new cloudflare.QueueConsumer(
    `${owner.node.path}/${target.node.id}-consumer`,
    {
      accountId: ctx.settings.accountId,
      queueId: consumed.queue.queueId,
      scriptName: script.scriptName,
      type: 'worker',
      deadLetterQueue: consumed.deadLetterQueue.queueName,
      // A Worker (push) consumer takes batch size, retries, wait time and retry delay; the
      // visibility timeout belongs to pull consumers only.
      settings: { batchSize: settings.batchSize ?? 10, maxRetries: settings.maxRetries },
    },
    childOf(ctx.componentOf(owner), { dependsOn: [script] }),
  );
}
