import { messages, table } from 'anycloud/runtime';

/** Topic subscriber: records that the customer was notified. */
export const email = messages<{ type: string; customerId: string; orderId: string }>(async (message) => {
  await table('Notifications').put({
    channel: 'email',
    id: `${message.body.orderId}#${message.id}`,
    type: message.body.type,
  });
});

/** Topic subscriber: records the event for analytics. */
export const analytics = messages<{ type: string; customerId: string; orderId: string }>(async (message) => {
  await table('Notifications').put({
    channel: 'analytics',
    id: `${message.body.orderId}#${message.id}`,
    type: message.body.type,
  });
});
