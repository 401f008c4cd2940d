/**
 * The Pub/Sub emulator's REST API (it serves the same API as gRPC over HTTP/JSON), for what the
 * harness plays around it: creating the declared topics and subscriptions, pulling what a push
 * subscription would push, acknowledging, redelivering and dead-lettering.
 */
export class PubSubRest {
  constructor(
    private readonly host: string,
    private readonly project: string,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`http://${this.host}/v1/projects/${this.project}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Pub/Sub emulator ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : {};
  }

  async createTopic(topic: string): Promise<void> {
    await this.call('PUT', `topics/${topic}`, {});
  }

  async createSubscription(subscription: string, topic: string): Promise<void> {
    await this.call('PUT', `subscriptions/${subscription}`, {
      topic: `projects/${this.project}/topics/${topic}`,
      ackDeadlineSeconds: 60,
    });
  }

  /** Publishes one message; returns its id. */
  async publish(topic: string, data: string, attributes?: Record<string, string>): Promise<string> {
    const { messageIds } = (await this.call('POST', `topics/${topic}:publish`, {
      messages: [{ data, ...(attributes ? { attributes } : {}) }],
    })) as { messageIds: string[] };
    return messageIds[0];
  }

  /** What is pending on a subscription, at once. */
  async pull(subscription: string, maxMessages = 100): Promise<PulledMessage[]> {
    const { receivedMessages = [] } = (await this.call('POST', `subscriptions/${subscription}:pull`, {
      maxMessages,
      returnImmediately: true,
    })) as { receivedMessages?: PulledMessage[] };
    return receivedMessages;
  }

  async ack(subscription: string, ackIds: string[]): Promise<void> {
    if (ackIds.length > 0) await this.call('POST', `subscriptions/${subscription}:acknowledge`, { ackIds });
  }

  /** Makes messages available again at once (a nack). */
  async nack(subscription: string, ackIds: string[]): Promise<void> {
    if (ackIds.length > 0)
      await this.call('POST', `subscriptions/${subscription}:modifyAckDeadline`, {
        ackIds,
        ackDeadlineSeconds: 0,
      });
  }
}

/** One pulled message, as the REST API returns it. */
export interface PulledMessage {
  readonly ackId: string;
  readonly message: {
    readonly data?: string;
    readonly attributes?: Record<string, string>;
    readonly messageId: string;
    readonly publishTime: string;
  };
}
