import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { TopicClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';

let shared: SNSClient | undefined;

/** Uses `client` for every topic client made afterwards. */
export function useSnsClient(client: SNSClient): void {
  shared = client;
}

/** A Topic client on SNS; bodies are published as JSON. The binding's name is the topic ARN. */
export function snsTopicClient(binding: ResourceBinding): TopicClient {
  return {
    async publish(body) {
      shared ??= new SNSClient({});
      await shared.send(new PublishCommand({ TopicArn: binding.name, Message: JSON.stringify(body) }));
    },
  };
}
