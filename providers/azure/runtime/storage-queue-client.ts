import { QueueClient, StorageSharedKeyCredential } from '@azure/storage-queue';
import { LimitError, type QueueClient as NeutralQueueClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { DEVELOPMENT_ACCOUNT, isDevelopmentStorage, managedIdentity } from './storage-credential';

/** Storage Queue messages are at most 64 KiB (https://learn.microsoft.com/azure/storage/queues/storage-queues-introduction). */
export const QUEUE_MESSAGE_BYTES = 64 * 1024;

const clients = new Map<string, QueueClient>();

/** The client of queue `queueName` at `endpoint`: the managed identity, or the emulator's development account. */
export function storageQueue(endpoint: string, queueName: string): QueueClient {
  const url = `${endpoint}/${queueName}`;
  let client = clients.get(url);
  if (!client) {
    const credential = isDevelopmentStorage(endpoint)
      ? new StorageSharedKeyCredential(DEVELOPMENT_ACCOUNT.name, DEVELOPMENT_ACCOUNT.key)
      : managedIdentity();
    clients.set(url, (client = new QueueClient(url, credential)));
  }
  return client;
}

/**
 * Sends `text` as is (function apps read queue messages raw: `messageEncoding: none`), checked
 * against the 64 KiB message limit once XML-escaped, as the service counts it.
 */
export async function sendToQueue(
  endpoint: string,
  queueName: string,
  text: string,
  options: { readonly visibilityTimeout?: number; readonly messageTimeToLive?: number } = {},
): Promise<void> {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const bytes = new TextEncoder().encode(escaped).length;
  if (bytes > QUEUE_MESSAGE_BYTES)
    throw new LimitError(
      `queue message is ${bytes} bytes; Azure Storage Queues take at most 64 KiB per message`,
    );
  await storageQueue(endpoint, queueName).sendMessage(text, options);
}

/** A Queue client on Azure Storage Queues: bodies as JSON text, retention as each message's time to live. */
export function storageQueueClient(binding: ResourceBinding): NeutralQueueClient {
  const endpoint = String(binding.endpoint);
  const retention = typeof binding.retentionSeconds === 'number' ? binding.retentionSeconds : undefined;
  return {
    async send(body, options = {}) {
      await sendToQueue(endpoint, binding.name, JSON.stringify(body), {
        ...(options.delaySeconds ? { visibilityTimeout: options.delaySeconds } : {}),
        ...(retention ? { messageTimeToLive: retention } : {}),
      });
    },
  };
}
