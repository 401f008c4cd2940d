import { messages, table } from 'anycloud/runtime';

/** Queue worker: marks an order paid. A message naming an unknown order fails and is retried, then dead-lettered. */
export const handler = messages<{ customerId: string; orderId: string }>(async (message) => {
  const orders = table('Orders');
  const order = await orders.get({ customerId: message.body.customerId, orderId: message.body.orderId });
  if (!order) throw new Error(`order ${message.body.orderId} does not exist`);
  await orders.put({ ...order, status: 'paid' });
});
