import * as eventgrid from '@pulumi/azure-native/eventgrid';
import type { Function, Topic, TopicSubscription } from 'anycloud';
import { childOf } from '../shared/pulumi-component';
import { runtimeClientModule } from '../shared/runtime-client-module';
import type * as authorization from '@pulumi/azure-native/authorization';
import { connectConsumer, declareConsumedQueue } from './consumed-queue';
import { grantDeadLettering, queueDelivery } from './event-delivery';
import type { AzureBuildContext, AzureBuilder } from './context';
import { azureName } from './naming';
import type { AzureNatives } from './natives';
import { assignRole } from './roles';

/** Name of the storage queue feeding subscriber `target` of a topic. */
export function subscriberQueueName(topic: Topic, target: Function): string {
  return azureName(topic, 'queue', target.node.id);
}

/** One subscriber: its storage queue (+ poison) and the event subscription delivering into it. */
function declareSubscriber(
  node: Topic,
  topic: eventgrid.Topic,
  subscription: TopicSubscription,
  deadLettering: authorization.RoleAssignment,
  ctx: AzureBuildContext,
): AzureNatives['topic']['subscribers'][number] {
  const role = `${subscription.target.node.id}-queue`;
  const consumed = declareConsumedQueue(node, role, subscriberQueueName(node, subscription.target), ctx);
  const delivery = assignRole(
    `${node.node.path}/${subscription.target.node.id}-delivery`,
    {
      principalId: topic.identity.apply((i) => i?.principalId ?? ''),
      principalKey: `${node.node.path}/topic`,
    },
    {
      role: 'storageQueueDataMessageSender',
      scope: consumed.queue.id,
      scopeKey: `${node.node.path}/${role}`,
    },
    ctx.settings.subscriptionId,
    childOf(ctx.componentOf(node)),
  );
  const eventSubscription = new eventgrid.EventSubscription(
    `${node.node.path}/${subscription.target.node.id}-subscription`,
    {
      eventSubscriptionName: azureName(node, 'eventSubscription', subscription.target.node.id),
      scope: topic.id,
      eventDeliverySchema: 'CloudEventSchemaV1_0',
      ...queueDelivery(consumed.queueName, ctx),
    },
    childOf(ctx.componentOf(node), { dependsOn: [delivery, consumed.queue, deadLettering] }),
  );
  return { ...consumed, subscription, eventSubscription, delivery };
}

/**
 * Topic → an Event Grid custom topic (CloudEvents 1.0 in, local auth off: publishers use their
 * identity) and, per subscriber, an event subscription delivering with the topic's identity into
 * the subscriber's own storage queue (+ poison), so every subscriber gets the queue semantics:
 * per-message retries (`maxRetries`) then the poison queue. What Event Grid cannot deliver into
 * the queue within its retries is dead-lettered into the app's dead-letter container. A publish
 * grant → EventGrid Data Sender on this topic.
 */
export const topicBuilder: AzureBuilder<'topic'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const args = ctx.transform(
      'topic',
      {
        topicName: azureName(node, 'eventGridTopic'),
        resourceGroupName: ctx.shared.resourceGroupName,
        location: ctx.settings.location,
        inputSchema: 'CloudEventSchemaV1_0',
        disableLocalAuth: true,
        identity: { type: 'SystemAssigned' },
      },
      node,
    );
    const topic = new eventgrid.Topic(`${node.node.path}/topic`, args, childOf(component));
    // The topic's identity may write dead letters (one role, whatever the number of subscribers).
    const subscribers =
      node.subscriptions.length === 0
        ? []
        : (() => {
            const deadLettering = grantDeadLettering(
              `${node.node.path}/dead-letters`,
              {
                principalId: topic.identity.apply((i) => i?.principalId ?? ''),
                principalKey: `${node.node.path}/topic`,
              },
              ctx.shared.eventDeadLetters!,
              ctx.settings.subscriptionId,
              childOf(component),
            );
            return node.subscriptions.map((s) => declareSubscriber(node, topic, s, deadLettering, ctx));
          })();
    ctx.register(node, { component, topic, subscribers });
    component.complete({ topicName: topic.name, subscriberQueueNames: subscribers.map((s) => s.queueName) });
  },

  connect(node, ctx) {
    for (const s of ctx.nativeOf(node).subscribers)
      connectConsumer(node, `${s.subscription.target.node.id}-queue`, s.subscription.target, s, ctx);
  },

  grant(node, access, ctx) {
    const { topic } = ctx.nativeOf(node);
    return {
      roles: [{ role: 'eventGridDataSender', scope: topic.id, scopeKey: `${node.node.path}/topic` }],
      binding: { kind: 'topic', access, name: azureName(node, 'eventGridTopic'), endpoint: topic.endpoint },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'event-grid-topic-client', 'eventGridTopicClient'),
};
