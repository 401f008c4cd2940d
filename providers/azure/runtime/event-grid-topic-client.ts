import type { TopicClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { isEmulatorEndpoint, managedIdentity } from './storage-credential';

/**
 * A Topic client on an Event Grid custom topic (CloudEvents 1.0 input schema, local auth off):
 * one event per publish, POSTed with a token of the function's identity (EventGrid Data Sender
 * on the topic). No SDK: one `fetch`.
 */
export function eventGridTopicClient(binding: ResourceBinding, id: string): TopicClient {
  const endpoint = String(binding.endpoint);
  return {
    async publish(body) {
      const headers: Record<string, string> = {
        'content-type': 'application/cloudevents-batch+json; charset=utf-8',
      };
      if (!isEmulatorEndpoint(endpoint)) {
        const token = await managedIdentity().getToken('https://eventgrid.azure.net/.default');
        headers.authorization = `Bearer ${token!.token}`;
      }
      const event = {
        specversion: '1.0',
        id: crypto.randomUUID(),
        source: `/anycloud/topics/${id}`,
        type: 'anycloud.message',
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data: body,
      };
      const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify([event]) });
      if (!response.ok)
        throw new Error(`publish to topic ${id} failed: ${response.status} ${await response.text()}`);
    },
  };
}
