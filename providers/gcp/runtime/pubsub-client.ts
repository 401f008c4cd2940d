import { PubSub } from '@google-cloud/pubsub';
import { LimitError, type QueueClient, type TopicClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { DELIVER_AFTER_ATTRIBUTE } from './function-settings';

/** Pub/Sub takes messages of at most 10 MB (https://cloud.google.com/pubsub/quotas#resource_limits). */
export const PUBSUB_MESSAGE_BYTES = 10_000_000;

const clients = new Map<string, PubSub>();

/** One Pub/Sub client per project (`PUBSUB_EMULATOR_HOST` points it at the emulator in tests). */
function pubsubOf(projectId: string): PubSub {
  let client = clients.get(projectId);
  if (!client) {
    client = new PubSub({ projectId });
    clients.set(projectId, client);
  }
  return client;
}

/** Publishes `body` as JSON to the topic of `binding`, with optional attributes. */
async function publishJson(
  binding: ResourceBinding,
  body: unknown,
  attributes?: Record<string, string>,
): Promise<void> {
  const data = Buffer.from(JSON.stringify(body) ?? 'null');
  if (data.length > PUBSUB_MESSAGE_BYTES)
    throw new LimitError(
      `message of ${data.length} bytes to ${binding.name}: Pub/Sub takes at most ${PUBSUB_MESSAGE_BYTES} bytes`,
    );
  const topic = pubsubOf(String(binding.projectId)).topic(binding.name);
  await topic.publishMessage(attributes ? { data, attributes } : { data });
}

/**
 * A Queue client on a Pub/Sub topic: bodies as JSON. Pub/Sub has no delayed delivery: a
 * `delaySeconds` message carries its earliest delivery time, and the consumer's shim refuses it
 * until then (Pub/Sub redelivers with backoff, 10 s to 10 minutes, so the delay is honoured to
 * that precision, and those early deliveries count as delivery attempts).
 */
export function pubsubQueueClient(binding: ResourceBinding): QueueClient {
  return {
    async send(body, options = {}) {
      const delay = options.delaySeconds ?? 0;
      await publishJson(
        binding,
        body,
        delay > 0 ? { [DELIVER_AFTER_ATTRIBUTE]: String(Date.now() + delay * 1000) } : undefined,
      );
    },
  };
}

/** A Topic client on a Pub/Sub topic: bodies as JSON, delivered to every subscriber's push subscription. */
export function pubsubTopicClient(binding: ResourceBinding): TopicClient {
  return {
    async publish(body) {
      await publishJson(binding, body);
    },
  };
}
