import type { TopicClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { QueueProducer } from './workers-types';

/**
 * A Topic client: Cloudflare has no topics, so the adapter gives each subscriber its own queue
 * and the publisher a producer binding per queue; `publish` sends to all of them.
 */
export function cloudflareTopicClient(binding: ResourceBinding): TopicClient {
  const producers = (binding.native ?? []) as QueueProducer[];
  return {
    async publish(body) {
      await Promise.all(producers.map((p) => p.send(body, { contentType: 'json' })));
    },
  };
}
