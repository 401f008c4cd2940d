import * as pubsub from '@pulumi/gcp/pubsub';
import { runtimeClientModule } from '../shared/runtime-client-module';
import type { GcpBuilder } from './context';
import { GCP_ROLES } from './iam';
import { gcpName } from './naming';
import { declarePushDelivery, pushPath } from './push-delivery';

/**
 * Topic → a Pub/Sub topic; each subscriber → its own push subscription with its own dead-letter
 * topic (see `declarePushDelivery`), so a failing subscriber retries and dead-letters alone. A
 * publish grant → `roles/pubsub.publisher` on this topic only.
 */
export const topicBuilder: GcpBuilder<'topic'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const topic = new pubsub.Topic(
      `${node.node.path}/topic`,
      ctx.transform('topic', { project: ctx.settings.project, name: gcpName(node, 'pubsub') }, node),
      ctx.optionsOf(node),
    );
    ctx.register(node, {
      component,
      topic,
      subscribers: node.subscriptions.map((subscription) => ({ subscription })),
    });
    component.complete({ topicName: topic.name });
  },

  connect(node, ctx) {
    const native = ctx.nativeOf(node);
    for (const subscriber of native.subscribers) {
      const target = subscriber.subscription.target;
      subscriber.delivery = declarePushDelivery(
        {
          owner: node,
          role: target.node.id,
          name: gcpName(node, 'pubsub', target.node.id),
          topic: native.topic,
          target,
          path: pushPath({ kind: 'topic', id: node.node.id }),
          maxRetries: subscriber.subscription.maxRetries,
        },
        ctx,
      );
    }
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
      binding: { kind: 'topic', access, name: gcpName(node, 'pubsub'), projectId: ctx.settings.project },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'pubsub-client', 'pubsubTopicClient'),
};
