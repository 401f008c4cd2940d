import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { QueueClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';

let shared: SQSClient | undefined;

/** Uses `client` for every queue client made afterwards. */
export function useSqsClient(client: SQSClient): void {
  shared = client;
}

/** A Queue client on SQS; bodies are sent as JSON. The binding's name is the queue URL. */
export function sqsQueueClient(binding: ResourceBinding): QueueClient {
  return {
    async send(body, options) {
      // With an endpoint override (an emulator), send there rather than to the queue URL's host.
      shared ??= new SQSClient({ useQueueUrlAsEndpoint: !process.env.AWS_ENDPOINT_URL_SQS });
      await shared.send(
        new SendMessageCommand({
          QueueUrl: binding.name,
          MessageBody: JSON.stringify(body),
          DelaySeconds: options?.delaySeconds,
        }),
      );
    },
  };
}
