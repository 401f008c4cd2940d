import type { CloudflareBuilder } from './context';
import { connectConsumer, declareConsumedQueue } from './consumed-queue';
import { bindingName, cloudflareName } from './naming';
import { runtimeClientModule } from '../shared/runtime-client-module';

/**
 * Queue → a Cloudflare queue with a dead-letter queue; the consumer Worker gets batches of
 * `batchSize` and retries each failed message on its own, `maxRetries` times.
 */
export const queueBuilder: CloudflareBuilder<'queue'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const consumed = declareConsumedQueue(
      node,
      'queue',
      cloudflareName(node, 'queue'),
      ctx,
      { settings: { messageRetentionPeriod: node.retentionSeconds } },
      (args) => ctx.transform('queue', args, node),
    );
    ctx.register(node, { component, ...consumed });
    component.complete({
      queueName: consumed.queue.queueName,
      deadLetterQueueName: consumed.deadLetterQueue.queueName,
    });
  },

  connect(node, ctx) {
    const subscription = node.subscription;
    if (subscription) connectConsumer(node, subscription.target, ctx.nativeOf(node), subscription, ctx);
  },
  grant(node, access, ctx) {
    const name = bindingName('queue', node.node.id);
    return {
      workerBindings: [{ type: 'queue', name, queueName: ctx.nativeOf(node).queue.queueName }],
      binding: { kind: 'queue', access, name: cloudflareName(node, 'queue'), workerBinding: name },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'queue-client', 'cloudflareQueueClient'),
};
