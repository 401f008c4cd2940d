import * as cloudflare from '@pulumi/cloudflare';
import { childOf } from '../shared/pulumi-component';
import { connectConsumer, declareConsumedQueue, notificationQueueName } from './consumed-queue';
import type { CloudflareBuilder } from './context';
import { bindingName, cloudflareName } from './naming';
import type { CloudflareNatives } from './natives';
import { R2_ACTIONS } from './runtime/worker-env';
import { runtimeClientModule } from '../shared/runtime-client-module';
import { declareReader, grantedBinding, hasReadOnlyGrant } from './reader-worker';
import { READER_ENTRYPOINT, READER_ENV } from './runtime/worker-env';

/** Object events re-run a failing handler this many times before dead-lettering (the Queues default). */
const OBJECT_EVENT_RETRIES = 3;

/**
 * Bucket → R2 bucket (private: R2 buckets have no public access unless a domain is attached).
 * Each object-event subscription → an R2 event notification (actions, prefix, suffix) into a
 * queue with a dead-letter queue, consumed by the subscriber's Worker. A grant → an `r2_bucket`
 * binding on the Worker.
 */
export const bucketBuilder: CloudflareBuilder<'bucket'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const args = ctx.transform(
      'bucket',
      { accountId: ctx.settings.accountId, name: cloudflareName(node, 'r2') },
      node,
    );
    const bucket = new cloudflare.R2Bucket(`${node.node.path}/bucket`, args, childOf(component));
    const notifications: CloudflareNatives['bucket']['notifications'] = node.subscriptions.map(
      (subscription, index) => {
        const consumed = declareConsumedQueue(
          node,
          `events-${index}-queue`,
          notificationQueueName(node, index),
          ctx,
        );
        const notification = new cloudflare.R2BucketEventNotification(
          `${node.node.path}/events-${index}`,
          {
            accountId: ctx.settings.accountId,
            bucketName: bucket.name,
            queueId: consumed.queue.queueId,
            rules: [
              {
                actions: [...R2_ACTIONS[subscription.type]],
                ...(subscription.prefix !== undefined ? { prefix: subscription.prefix } : {}),
                ...(subscription.suffix !== undefined ? { suffix: subscription.suffix } : {}),
                description: `${node.node.path} ${subscription.type} → ${subscription.target.node.path}`,
              },
            ],
          },
          childOf(component),
        );
        return { ...consumed, subscription, notification };
      },
    );
    const reader = hasReadOnlyGrant(node, ctx)
      ? declareReader(
          node,
          component,
          [{ type: 'r2_bucket', name: READER_ENV.bucket, bucketName: bucket.name }],
          ctx,
        )
      : undefined;
    ctx.register(node, { component, bucket, notifications, ...(reader ? { reader } : {}) });
    component.complete({ bucketName: bucket.name });
  },

  connect(node, ctx) {
    for (const n of ctx.nativeOf(node).notifications)
      connectConsumer(node, n.subscription.target, n, { maxRetries: OBJECT_EVENT_RETRIES }, ctx);
  },
  grant(node, access, ctx) {
    const name = bindingName('bucket', node.node.id);
    const { bucket, reader } = ctx.nativeOf(node);
    // Read-only: no R2 binding (R2 has no read-only one), the bucket's reader Worker instead.
    const granted = grantedBinding(name, access, reader, READER_ENTRYPOINT.bucket, {
      type: 'r2_bucket',
      bucketName: bucket.name,
    });
    return {
      workerBindings: [granted.workerBinding],
      binding: {
        kind: 'bucket',
        access,
        name: cloudflareName(node, 'r2'),
        workerBinding: name,
        ...granted.readerFlag,
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'r2-bucket-client', 'r2BucketClient'),
};
