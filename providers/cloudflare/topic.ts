import type { CloudflareBuilder } from './context';
import { connectConsumer, declareConsumedQueue, subscriberQueueName } from './consumed-queue';
import { bindingName } from './naming';
import { runtimeClientModule } from '../shared/runtime-client-module';

/**
 * Topic → one queue (with a dead-letter queue) per subscriber, since Cloudflare has no topics:
 * publishers get a producer binding per queue and `publish` sends to all of them.
 */
export const topicBuilder: CloudflareBuilder<'topic'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const subscribers = node.subscriptions.map((subscription) => ({
      subscription,
      ...declareConsumedQueue(
        node,
        `${subscription.target.node.id}-queue`,
        subscriberQueueName(node, subscription.target),
        ctx,
        {},
        (args) => ctx.transform('topic', args, node),
      ),
    }));
    if (subscribers.length > 1)
      ctx.degrade(
        node,
        'cloudflare.topic.publish-not-atomic',
        `Cloudflare has no topics: publish sends to each of the ${subscribers.length} subscriber queues, so a publish that fails part-way has reached some subscribers (a retried publish reaches them again)`,
      );
    ctx.register(node, { component, subscribers });
    component.complete({ subscriberQueueNames: subscribers.map((s) => s.queue.queueName) });
  },

  connect(node, ctx) {
    for (const s of ctx.nativeOf(node).subscribers)
      connectConsumer(node, s.subscription.target, s, { maxRetries: s.subscription.maxRetries }, ctx);
  },
  grant(node, access, ctx) {
    const names = node.subscriptions.map((_, i) => bindingName('topic', node.node.id, i));
    return {
      workerBindings: ctx.nativeOf(node).subscribers.map((s, i) => ({
        type: 'queue',
        name: names[i],
        queueName: s.queue.queueName,
      })),
      binding: { kind: 'topic', access, name: node.node.id, workerBinding: names },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'topic-client', 'cloudflareTopicClient'),
};
