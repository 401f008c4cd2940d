import { stateName, type LocalBuilder } from './context';

/**
 * Queue → a persisted channel `channels/<name>.json` with its consumer's batch size and
 * `maxRetries` (then dead letters). A grant → `send` into the channel, delays included.
 */
export const queueBuilder: LocalBuilder<'queue'> = {
  create(node, ctx) {
    const subscription = node.subscription;
    const channel = ctx.channel(stateName(node), subscription?.target, subscription?.maxRetries ?? 3);
    if (subscription)
      ctx.consume({
        channel,
        fn: subscription.target,
        batchSize: subscription.batchSize,
        kind: 'queue',
        sourceId: node.node.id,
      });
    ctx.register(node, { ...channel, subscription });
  },

  grant(node, access, ctx) {
    return {
      binding: { kind: 'queue', access, name: node.node.path },
      client: () => {
        const { channel } = ctx.nativeOf(node);
        return {
          send: async (body, options) => void channel().send(body, (options?.delaySeconds ?? 0) * 1000),
        };
      },
    };
  },
};
