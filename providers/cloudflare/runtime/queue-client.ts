import type { QueueClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { QueueProducer } from './workers-types';

/** A Queue client on a Queues producer binding; bodies are sent as JSON. */
export function cloudflareQueueClient(binding: ResourceBinding): QueueClient {
  const producer = binding.native as QueueProducer;
  return {
    async send(body, options) {
      await producer.send(body, { contentType: 'json', delaySeconds: options?.delaySeconds });
    },
  };
}
