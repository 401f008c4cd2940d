import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { local } from 'anycloud/testing';
import type { LocalApp } from 'anycloud/local';
import { shopApp } from '../../examples/shop/app';

const SECRETS = { ReportingApiKey: 'rk-local-test' };

describe('examples/shop on the local target', () => {
  let stateDir: string;
  let env: LocalApp;

  beforeEach(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'anycloud-shop-'));
    env = await local(shopApp(), { stateDir, secrets: SECRETS });
  }, 60_000);

  afterEach(async () => {
    await env.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** Headers of a request from `sub`: a token the local target accepts for the shop's API. */
  const as = async (sub: string) => ({ authorization: `Bearer ${await env.token({ sub })}` });

  async function placeOrder(customerId = 'c1') {
    const res = await env.fetch('POST /orders', {
      json: { items: [{ sku: 'tea', quantity: 2 }] },
      headers: await as(customerId),
    });
    expect(res.status).toBe(201);
    return res.json<{ customerId: string; orderId: string; status: string }>();
  }

  test('creates an order over HTTP and reads it back, one and as a list', async () => {
    const order = await placeOrder();
    expect(order.status).toBe('placed');
    const c1 = await as('c1');
    const got = await env.fetch(`GET /orders/${encodeURIComponent(order.orderId)}`, { headers: c1 });
    expect(got.status).toBe(200);
    expect(got.json()).toEqual(order);
    const list = await env.fetch('GET /orders', { headers: c1 });
    expect(list.json().items).toEqual([order]);
    expect(env.table('Orders').items()).toEqual([order]);
    expect((await env.fetch('GET /orders/nope', { headers: c1 })).status).toBe(404);
    expect((await env.fetch('POST /orders', { json: { items: [] }, headers: c1 })).status).toBe(400);
  });

  test('orders are the caller’s: no token is 401, and another customer sees none of them', async () => {
    const order = await placeOrder('c1');
    expect((await env.fetch('GET /orders')).status).toBe(401);
    expect((await env.fetch('POST /orders', { json: { items: [{ sku: 'tea', quantity: 1 }] } })).status).toBe(
      401,
    );
    const c2 = await as('c2');
    expect((await env.fetch('GET /orders', { headers: c2 })).json().items).toEqual([]);
    expect(
      (await env.fetch(`GET /orders/${encodeURIComponent(order.orderId)}`, { headers: c2 })).status,
    ).toBe(404);
  });

  test('the worker marks orders paid; a message that fails maxRetries times lands in the dead-letter queue, the others are processed', async () => {
    const order = await placeOrder();
    await env.queue('Fulfilment').send({ customerId: 'ghost', orderId: 'does-not-exist' });
    await env.drain();
    expect((await env.table('Orders').get({ customerId: 'c1', orderId: order.orderId }))?.status).toBe(
      'paid',
    );
    expect(env.queue('Fulfilment').deadLetters()).toEqual([
      { customerId: 'ghost', orderId: 'does-not-exist' },
    ]);
    expect(env.queue('Fulfilment').pending()).toEqual([]);
  });

  test('the order topic reaches both subscribers', async () => {
    const order = await placeOrder();
    await env.drain();
    const channels = env
      .table('Notifications')
      .items()
      .map((n) => n.channel)
      .sort();
    expect(channels).toEqual(['analytics', 'email']);
    expect(
      env
        .table('Notifications')
        .items()
        .every((n) => String(n.id).startsWith(order.orderId)),
    ).toBe(true);
  });

  test('an uploaded image gets its thumbnail record; other prefixes do not', async () => {
    await env.bucket('Images').put('images/cat.png', new Uint8Array([1, 2, 3]), { contentType: 'image/png' });
    await env.bucket('Images').put('docs/readme.txt', 'hi');
    await env.drain();
    expect(env.table('Thumbnails').items()).toEqual([
      expect.objectContaining({ key: 'images/cat.png', thumbnail: 'thumbnails/cat.png', size: 3 }),
    ]);
  });

  test('the nightly schedule fires after advance, reading its secret', async () => {
    expect(env.table('Reports').items()).toEqual([]);
    await env.advance('1 day');
    const reports = env.table('Reports').items();
    expect(reports).toHaveLength(1);
    expect(reports[0].signedWith).toBe('rk…');
    expect(String(reports[0].generatedAt)).toMatch(/T0[01]:00:00Z$/); // 02:00 in Europe/Paris
  });

  test('stop and restart keeps tables, objects and pending messages', async () => {
    const order = await placeOrder();
    await env.bucket('Images').put('images/dog.png', 'woof');
    expect(env.queue('Fulfilment').pending()).toHaveLength(1);
    await env.close();
    env = await local(shopApp(), { stateDir, secrets: SECRETS });
    expect(env.table('Orders').items()).toEqual([order]);
    expect(env.bucket('Images').keys()).toEqual(['images/dog.png']);
    expect(env.queue('Fulfilment').pending()).toEqual([{ customerId: 'c1', orderId: order.orderId }]);
    await env.drain();
    expect((await env.table('Orders').get({ customerId: 'c1', orderId: order.orderId }))?.status).toBe(
      'paid',
    );
    expect(
      env
        .table('Thumbnails')
        .items()
        .map((t) => t.key),
    ).toEqual(['images/dog.png']);
  });

  test('a missing secret fails with how to set it', async () => {
    await env.close();
    const logs: string[] = [];
    env = await local(shopApp(), {
      stateDir,
      onInvocation: (l) => logs.push(`${l.function} ${l.status} ${l.error ?? ''}`),
    });
    await env.advance('1 day');
    expect(logs.join('\n')).toContain(
      'shop/NightlyReport error secret "shop/ReportingApiKey" has no local value: set ANYCLOUD_SECRET_REPORTINGAPIKEY=... or add "shop/ReportingApiKey": "..." to',
    );
    expect(env.table('Reports').items()).toEqual([]);
  });
});
