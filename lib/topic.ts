import type { Construct } from 'constructs';
import type { Function } from './function';
import { grantAccess, Resource } from './resource';

/** Options of a topic subscription. */
export interface TopicSubscribeOptions {
  /** Retries of a failing message before it is dead-lettered. @default 2 */
  readonly maxRetries?: number;
}

/** One subscriber of a topic. */
export interface TopicSubscription {
  readonly target: Function;
  readonly maxRetries: number;
}

/** Properties of a {@link Topic}. */
export type TopicProps = Record<string, never>;

/** Publish/subscribe fan-out: every subscriber gets every message, with its own retries and dead letters. */
export class Topic extends Resource {
  readonly kind = 'topic' as const;
  private readonly subscriberList: TopicSubscription[] = [];

  constructor(scope: Construct, id: string, props: TopicProps = {}) {
    super(scope, id);
    this.propsObject<TopicProps>(props, 'an object');
  }

  /** The subscribers, in the order they subscribed. */
  get subscriptions(): readonly TopicSubscription[] {
    return [...this.subscriberList];
  }

  /** Delivers every published message to `fn` (a `messages()` handler). */
  subscribe(fn: Function, options: TopicSubscribeOptions = {}): void {
    const ok = this.checkTarget('topic.subscribe.target', fn, 'subscribe() target');
    const o: TopicSubscribeOptions =
      typeof options === 'object' && options !== null && !Array.isArray(options) ? options : {};
    if (o !== options) this.addIssue('topic.subscribe.options', options, 'options must be an object');
    const maxRetries = o.maxRetries === undefined ? 2 : o.maxRetries;
    if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 100) {
      this.addIssue(
        'topic.subscribe.maxRetries',
        o.maxRetries,
        'maxRetries must be an integer from 0 to 100',
      );
    }
    if (ok && this.subscriberList.some((s) => s.target === fn)) {
      this.addIssue('topic.subscribe.duplicate', fn.node.path, 'a function subscribes to a topic once');
      return;
    }
    if (ok) this.subscriberList.push({ target: fn, maxRetries });
  }

  /** Lets `fn` publish messages. */
  grantPublish(fn: Function): void {
    grantAccess(this, fn, 'publish', 'grantPublish');
  }
}
