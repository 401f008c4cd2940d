import { HttpError, http, queue, table, topic } from 'anycloud/runtime';

interface Order {
  customerId: string;
  orderId: string;
  items: { sku: string; quantity: number }[];
  total: number;
  status: 'placed' | 'paid' | 'shipped';
  createdAt: string;
}

/** The caller: the `sub` of the token the API verified (every order route requires one). */
function customerOf(request: { auth?: { sub?: string } }): string {
  const sub = request.auth?.sub;
  if (!sub) throw new HttpError(401, 'a token with a subject is required');
  return sub;
}

function validOrderInput(body: unknown): body is Pick<Order, 'items'> {
  const b = body as Partial<Order> | null;
  return (
    Array.isArray(b?.items) &&
    b.items.length > 0 &&
    b.items.every((i) => typeof i?.sku === 'string' && Number.isInteger(i.quantity) && i.quantity > 0)
  );
}

/** POST /orders: stores the order, asks the worker to process it, announces it on the topic. */
export const createOrder = http(async (request) => {
  const body = await request.json();
  if (!validOrderInput(body)) throw new HttpError(400, 'expected { items: [{ sku, quantity }] }');
  const createdAt = new Date().toISOString();
  const order: Order = {
    customerId: customerOf(request),
    orderId: `${createdAt}#${Math.random().toString(36).slice(2, 10)}`,
    items: body.items,
    total: body.items.reduce((n, i) => n + i.quantity, 0),
    status: 'placed',
    createdAt,
  };
  await table<Order>('Orders').put(order);
  await queue('Fulfilment').send({ customerId: order.customerId, orderId: order.orderId });
  await topic('OrderEvents').publish({
    type: 'order.placed',
    customerId: order.customerId,
    orderId: order.orderId,
  });
  return { status: 201, json: order };
});

/** GET /orders/{id}: one of the caller's orders. */
export const getOrder = http(async (request) => {
  const customerId = customerOf(request);
  const order = await table('Orders').get({ customerId, orderId: request.params.id });
  if (!order) throw new HttpError(404, `order ${request.params.id} not found`);
  return { json: order };
});

/** GET /orders?cursor=...: the caller's orders, newest first, paged. */
export const listOrders = http(async (request) => {
  const customerId = customerOf(request);
  const page = await table('Orders').query({
    partition: customerId,
    order: 'desc',
    limit: Math.min(Number(request.query.limit ?? 20) || 20, 100),
    cursor: request.query.cursor,
  });
  return { json: page };
});
