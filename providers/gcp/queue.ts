import * as pubsub from '@pulumi/gcp/pubsub';
import { runtimeClientModule } from '../shared/runtime-client-module';
import type { GcpBuilder } from './context';
import { GCP_ROLES } from './iam';
import { gcpName } from './naming';
import { declarePushDelivery, pushPath } from './push-delivery';

/**
 * Queue → a Pub/Sub topic; its consumer → a push subscription to the function with a
 * dead-letter topic (see `declarePushDelivery`), keeping undelivered messages for the queue's
 * retention. Pub/Sub pushes one message per request, so `batchSize` is an upper bound met with
 * batches of one. A send grant → `roles/pubsub.publisher` on this topic only.
 */
export const queueBuilder: GcpBuilder<'queue'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const topic = new pubsub.Topic(
      `${node.node.path}/topic`,
      ctx.transform('queue', { project: ctx.settings.project, name: gcpName(node, 'pubsub') }, node),
      ctx.optionsOf(node),
    );
    ctx.register(node, { component, topic });
    component.complete({ topicName: topic.name });
  },

  connect(node, ctx) {
    const consumer = node.subscription;
    if (!consumer) return;
    if (consumer.batchSize > 1)
      ctx.degrade(
        node,
        'gcp.queue.batches-of-one',
        `Pub/Sub push delivers one message per request: ${consumer.target.node.path} gets batches of 1, not up to ${consumer.batchSize}`,
      );
    ctx.degrade(
      node,
      'gcp.queue.delay-approximate',
      'Pub/Sub has no delayed delivery: a send with delaySeconds is refused by the shim until due and redelivered with backoff (10 s to 10 minutes), so it runs up to that much late and the early deliveries count as attempts',
    );
    ctx.nativeOf(node).delivery = declarePushDelivery(
      {
        owner: node,
        role: 'consumer',
        name: gcpName(node, 'pubsub', 'consumer'),
        topic: ctx.nativeOf(node).topic,
        target: consumer.target,
        path: pushPath({ kind: 'queue', id: node.node.id }),
        maxRetries: consumer.maxRetries,
        retention: `${node.retentionSeconds}s`,
      },
      ctx,
    );
  },

  grant(node, access, ctx) {
    const { topic } = ctx.nativeOf(node);
    return {
      iam: [
        {
          role: GCP_ROLES.publisher,
          scope: { kind: 'topic', topic: topic.name },
          scopeKey: `${node.node.path}/topic`,
        },
      ],
      binding: {
        kind: 'queue',
        access,
        name: gcpName(node, 'pubsub'),
        projectId: ctx.settings.project,
        retentionSeconds: node.retentionSeconds,
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'pubsub-client', 'pubsubQueueClient'),
};
