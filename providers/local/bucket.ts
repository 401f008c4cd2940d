import { join } from 'node:path';
import type { ObjectEvent } from 'anycloud/runtime';
import { BucketStore, type ObjectChange } from './bucket-store';
import { stateName, type LocalBuilder } from './context';
import { openOnce } from './open-once';

/**
 * Bucket → a folder `buckets/<name>/` (objects as files, written atomically); each
 * object-event subscription → a persisted channel fed by writes and deletes, delivered to the
 * subscriber one event at a time with 2 retries, then dead letters. A grant → the folder's client.
 */
export const bucketBuilder: LocalBuilder<'bucket'> = {
  create(node, ctx) {
    const name = stateName(node);
    const folder = join('buckets', name);
    const events = node.subscriptions.map((subscription, i) => {
      const channel = ctx.channel(`${name}.${subscription.type}.${i}`, subscription.target, 2);
      ctx.consume({ channel, fn: subscription.target, batchSize: 1, kind: 'object', sourceId: node.node.id });
      return { ...channel, subscription };
    });
    const onChange = (change: ObjectChange) => {
      for (const { subscription, channel } of events) {
        if (subscription.type !== change.type) continue;
        if (subscription.prefix && !change.key.startsWith(subscription.prefix)) continue;
        if (subscription.suffix && !change.key.endsWith(subscription.suffix)) continue;
        const event: ObjectEvent = {
          type: change.type,
          bucket: node.node.id,
          key: change.key,
          size: change.size,
          time: ctx.isoNow(),
        };
        channel().send(event);
      }
    };
    ctx.register(node, {
      folder,
      store: openOnce(() => new BucketStore(join(ctx.stateDir, folder), onChange)),
      events,
    });
  },

  grant(node, access, ctx) {
    return {
      binding: { kind: 'bucket', access, name: node.node.path },
      client: () => ctx.nativeOf(node).store().client(),
    };
  },
};
