import type { ObjectEvent } from 'anycloud/runtime';
import { BucketStore, type ObjectChange } from './bucket-store';
import type { LocalBuilders } from './context';
import { TableStore } from './table-store';

/** How the local target serves each neutral kind. */
export const LOCAL_BUILDERS: LocalBuilders = {
  /** Table → an embedded SQLite database file (the same SQL as D1), rewritten atomically. */
  table: (table, ctx) => {
    ctx.state.tables.set(table.node.path, new TableStore(table, ctx.stateDir, ctx.clock, ctx.sqlite));
  },

  /** Bucket → a folder; each object-event subscription gets a persisted channel fed by writes and deletes. */
  bucket: (bucket, ctx) => {
    const subscriptions = bucket.subscriptions.map((subscription, i) => {
      const channel = ctx.channel(`${bucket.node.id}.${subscription.type}.${i}`, subscription.target, 2);
      ctx.state.consumers.push({
        channel,
        fn: subscription.target,
        batchSize: 1,
        kind: 'object',
        sourceId: bucket.node.id,
        busy: false,
      });
      return { subscription, channel };
    });
    const onChange = (change: ObjectChange) => {
      for (const { subscription, channel } of subscriptions) {
        if (subscription.type !== change.type) continue;
        if (subscription.prefix && !change.key.startsWith(subscription.prefix)) continue;
        if (subscription.suffix && !change.key.endsWith(subscription.suffix)) continue;
        const event: ObjectEvent = {
          type: change.type,
          bucket: bucket.node.id,
          key: change.key,
          size: change.size,
          time: ctx.isoNow(),
        };
        channel.send(event);
      }
    };
    const store = new BucketStore(bucket, ctx.stateDir, onChange);
    ctx.state.buckets.set(bucket.node.path, store);
    ctx.state.bucketsByNode.set(bucket, store);
  },

  /** Queue → a persisted channel with its consumer's batch size and maxRetries. */
  queue: (queue, ctx) => {
    const s = queue.subscription;
    const channel = ctx.channel(queue.node.id, s?.target, s?.maxRetries ?? 3);
    ctx.state.queues.set(queue, channel);
    if (s)
      ctx.state.consumers.push({
        channel,
        fn: s.target,
        batchSize: s.batchSize,
        kind: 'queue',
        sourceId: queue.node.id,
        busy: false,
      });
  },

  /** Topic → one persisted channel per subscriber; publish fans out to all of them. */
  topic: (topic, ctx) => {
    const channels = topic.subscriptions.map((s) => {
      const channel = ctx.channel(`${topic.node.id}.${s.target.node.id}`, s.target, s.maxRetries);
      ctx.state.consumers.push({
        channel,
        fn: s.target,
        batchSize: 1,
        kind: 'topic',
        sourceId: topic.node.id,
        busy: false,
      });
      return channel;
    });
    ctx.state.topicChannels.set(topic, channels);
  },

  /** Secret → read at run time from the environment or .anycloud/secrets.json. */
  secret: (secret, ctx) => void ctx.state.secrets.push(secret),

  /** Function → bundled and loaded in this process when the app starts. */
  function: (fn, ctx) => void ctx.state.functions.push(fn),

  /** HttpApi → its routes on the one local HTTP server. */
  'http-api': (api, ctx) => void ctx.state.apis.push(api),

  /** Schedule → fired by the local scheduler on the target's clock. */
  schedule: (schedule, ctx) => void ctx.state.schedules.push(schedule),
};
