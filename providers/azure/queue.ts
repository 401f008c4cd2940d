import { runtimeClientModule } from '../shared/runtime-client-module';
import { connectConsumer, declareConsumedQueue } from './consumed-queue';
import type { AzureBuilder } from './context';
import { azureName } from './naming';

/**
 * Queue → a storage queue and its poison queue in the app's data account. The consumer's queue
 * trigger takes messages in parallel (`batchSize` in its host.json), retries each failed one on
 * its own `maxRetries` times (`maxDequeueCount`), then moves it to `<queue>-poison`. Retention is
 * each message's time to live, set by the sender. A send grant → Storage Queue Data Message
 * Sender on this queue only.
 */
export const queueBuilder: AzureBuilder<'queue'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const consumed = declareConsumedQueue(node, 'queue', azureName(node, 'queue'), ctx, (args) =>
      ctx.transform('queue', args, node),
    );
    ctx.register(node, { component, ...consumed });
    component.complete({ queueName: consumed.queueName, poisonQueueName: `${consumed.queueName}-poison` });
  },

  connect(node, ctx) {
    const subscription = node.subscription;
    if (subscription) connectConsumer(node, 'queue', subscription.target, ctx.nativeOf(node), ctx);
  },

  grant(node, access, ctx) {
    const native = ctx.nativeOf(node);
    return {
      roles: [
        {
          role: 'storageQueueDataMessageSender',
          scope: native.queue.id,
          scopeKey: `${node.node.path}/queue`,
        },
      ],
      binding: {
        kind: 'queue',
        access,
        name: native.queueName,
        endpoint: ctx.shared.dataAccount!.queueEndpoint,
        retentionSeconds: node.retentionSeconds,
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'storage-queue-client', 'storageQueueClient'),
};
