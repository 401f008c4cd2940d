import { stateName, type LocalBuilder } from './context';

/**
 * Topic → one persisted channel per subscriber (`channels/<topic>.<subscriber>.json`), each
 * with the subscriber's `maxRetries`. A grant → `publish`, which sends to every subscriber's channel.
 */
export const topicBuilder: LocalBuilder<'topic'> = {
  create(node, ctx) {
    const subscribers = node.subscriptions.map((subscription) => {
      const channel = ctx.channel(
        `${stateName(node)}.${stateName(subscription.target)}`,
        subscription.target,
        subscription.maxRetries,
      );
      ctx.consume({ channel, fn: subscription.target, batchSize: 1, kind: 'topic', sourceId: node.node.id });
      return { ...channel, subscription };
    });
    ctx.register(node, { subscribers });
  },

  grant(node, access, ctx) {
    return {
      binding: { kind: 'topic', access, name: node.node.path },
      client: () => {
        const { subscribers } = ctx.nativeOf(node);
        return { publish: async (body) => subscribers.forEach((s) => s.channel().send(body)) };
      },
    };
  },
};
