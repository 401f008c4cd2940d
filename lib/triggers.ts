import type { App } from './app';
import type { Bucket, ObjectEventSubscription } from './bucket';
import type { Function } from './function';
import type { HttpApi, Route } from './http-api';
import type { Queue, QueueSubscription } from './queue';
import type { Schedule } from './schedule';
import type { Topic, TopicSubscription } from './topic';
import { resourcesOf } from './walk';

/** Everything that wakes one function, gathered from the resources that emit the events. */
export interface FunctionTriggers {
  readonly routes: { readonly api: HttpApi; readonly route: Route }[];
  readonly schedules: Schedule[];
  readonly objectEvents: { readonly bucket: Bucket; readonly subscription: ObjectEventSubscription }[];
  readonly queues: { readonly queue: Queue; readonly subscription: QueueSubscription }[];
  readonly topics: { readonly topic: Topic; readonly subscription: TopicSubscription }[];
}

/** True when the function is invoked asynchronously by at least one trigger (needs retries and dead letters). */
export function hasAsyncTriggers(t: FunctionTriggers): boolean {
  return t.schedules.length + t.objectEvents.length + t.topics.length > 0;
}

/** The triggers of every function of `app`, keyed by function. */
export function triggersByFunction(app: App): Map<Function, FunctionTriggers> {
  const result = new Map<Function, FunctionTriggers>();
  const of = (fn: Function): FunctionTriggers => {
    let t = result.get(fn);
    if (!t) {
      t = { routes: [], schedules: [], objectEvents: [], queues: [], topics: [] };
      result.set(fn, t);
    }
    return t;
  };
  for (const fn of resourcesOf(app, 'function')) of(fn);
  for (const api of resourcesOf(app, 'http-api'))
    for (const route of api.routes) of(route.target).routes.push({ api, route });
  for (const schedule of resourcesOf(app, 'schedule'))
    if (schedule.target) of(schedule.target).schedules.push(schedule);
  for (const bucket of resourcesOf(app, 'bucket')) {
    for (const subscription of bucket.subscriptions)
      of(subscription.target).objectEvents.push({ bucket, subscription });
  }
  for (const queue of resourcesOf(app, 'queue')) {
    if (queue.subscription)
      of(queue.subscription.target).queues.push({ queue, subscription: queue.subscription });
  }
  for (const topic of resourcesOf(app, 'topic')) {
    for (const subscription of topic.subscriptions)
      of(subscription.target).topics.push({ topic, subscription });
  }
  return result;
}
