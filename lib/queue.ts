import type { Construct } from 'constructs';
import { parseDurationSeconds, type Duration } from './duration';
import type { Function } from './function';
import { grantAccess, Resource } from './resource';

/** Options of a queue subscription. */
export interface QueueSubscribeOptions {
  /** Most messages handed to one invocation (1-10). @default 10 */
  readonly batchSize?: number;
  /** Retries of a failing message before it moves to the dead-letter queue (0-100). @default 3 */
  readonly maxRetries?: number;
}

/** The consumer of a queue. */
export interface QueueSubscription {
  readonly target: Function;
  readonly batchSize: number;
  readonly maxRetries: number;
}

/** Properties of a {@link Queue}. */
export interface QueueProps {
  /** How long a message stays in the queue and in its dead-letter queue (1 minute to 14 days). @default '4 days' */
  readonly retention?: Duration;
}

/**
 * A message queue with at-least-once delivery and a dead-letter queue: a message that
 * fails `maxRetries` times moves there instead of being dropped.
 */
export class Queue extends Resource {
  readonly kind = 'queue' as const;
  /** Message retention in seconds. */
  readonly retentionSeconds: number;
  private consumer?: QueueSubscription;

  constructor(scope: Construct, id: string, props: QueueProps = {}) {
    super(scope, id);
    const p = this.propsObject<QueueProps>(props, 'an object');
    const retention = p.retention === undefined ? 4 * 86400 : parseDurationSeconds(p.retention);
    this.retentionSeconds = retention ?? 0;
    if (retention === undefined || retention < 60 || retention > 14 * 86400) {
      this.addIssue(
        'queue.retention',
        p.retention,
        'retention must be a duration from "1 minute" to "14 days"',
      );
    }
  }

  /** The consumer, when the queue has one. */
  get subscription(): QueueSubscription | undefined {
    return this.consumer;
  }

  /** Delivers the queue's messages to `fn` (a `messages()` handler). A queue has one consumer. */
  subscribe(fn: Function, options: QueueSubscribeOptions = {}): void {
    const ok = this.checkTarget('queue.subscribe.target', fn, 'subscribe() target');
    const o: QueueSubscribeOptions =
      typeof options === 'object' && options !== null && !Array.isArray(options) ? options : {};
    if (o !== options) this.addIssue('queue.subscribe.options', options, 'options must be an object');
    const batchSize = o.batchSize === undefined ? 10 : o.batchSize;
    const maxRetries = o.maxRetries === undefined ? 3 : o.maxRetries;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10) {
      this.addIssue('queue.subscribe.batchSize', o.batchSize, 'batchSize must be an integer from 1 to 10');
    }
    if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 100) {
      this.addIssue(
        'queue.subscribe.maxRetries',
        o.maxRetries,
        'maxRetries must be an integer from 0 to 100',
      );
    }
    if (this.consumer) {
      this.addIssue(
        'queue.subscribe.single',
        fn?.node?.path ?? fn,
        `a queue has one consumer; it already delivers to ${this.consumer.target.node.path}`,
      );
      return;
    }
    if (ok) this.consumer = { target: fn, batchSize, maxRetries };
  }

  /** Lets `fn` send messages. */
  grantSend(fn: Function): void {
    grantAccess(this, fn, 'send', 'grantSend');
  }
}
