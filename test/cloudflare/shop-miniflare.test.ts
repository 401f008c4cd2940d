import { startTestIssuer, type TestIssuer } from 'anycloud/testing';
import { shopApp } from '../../examples/shop/app';
import { MiniflareApp } from './harness/miniflare-app';

// examples/shop as the Pulumi program declares it, running in workerd through Miniflare.
describe('examples/shop on Cloudflare Workers (Miniflare)', () => {
  let env: MiniflareApp;
  let issuer: TestIssuer;
  /** Headers of a request from `sub`, with a token the gateway Worker verifies against the test issuer's JWKS. */
  const as = async (sub: string) => ({ authorization: `Bearer ${await issuer.sign({ sub })}` });
  const script = (fn: string) => String(env.inputsOf(`shop/${fn}/script`).scriptName);
  // The schema is created by the first client call of a Worker, so a table never used has none yet.
  const rows = async (table: string): Promise<Record<string, unknown>[]> => {
    const db = await env.database(`shop/${table}`);
    try {
      const { results } = await db.prepare('SELECT item FROM items ORDER BY pk, sk').all();
      return results.map((r) => JSON.parse((r as { item: string }).item) as Record<string, unknown>);
    } catch (error) {
      if (String(error).includes('no such table: items')) return [];
      throw error;
    }
  };

  beforeAll(async () => {
    issuer = await startTestIssuer();
    const auth = { issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl };
    env = await MiniflareApp.deploy(shopApp('dev', { auth }), {
      secrets: { ReportingApiKey: 'rk-cloudflare-test' },
    });
  }, 120_000);

  afterAll(async () => {
    await env?.dispose();
    await issuer?.close();
  });

  async function placeOrder(customerId: string) {
    const res = await env.fetch('POST', '/orders', {
      body: JSON.stringify({ items: [{ sku: 'tea', quantity: 2 }] }),
      headers: { 'content-type': 'application/json', ...(await as(customerId)) },
    });
    expect(res.status).toBe(201);
    return res.json<{ customerId: string; orderId: string; status: string }>();
  }

  test('the gateway routes to the right Worker; an order round-trips through D1', async () => {
    const placed = await placeOrder('c1');
    expect(placed.status).toBe('placed');
    await env.drain(); // the fulfilment worker marks it paid
    const order = { ...placed, status: 'paid' };
    const c1 = { headers: await as('c1') };
    const one = await env.fetch('GET', `/orders/${encodeURIComponent(order.orderId)}`, c1);
    expect(one.status).toBe(200);
    expect(one.json()).toEqual(order);
    expect((await env.fetch('GET', '/orders', c1)).json().items).toEqual([order]);
    expect((await env.fetch('GET', '/orders/nope', c1)).status).toBe(404);
    expect((await env.fetch('GET', '/orders')).status).toBe(401); // no token: the gateway answers
    expect((await env.fetch('GET', '/orders', { headers: await as('c2') })).json().items).toEqual([]);
    expect((await env.fetch('DELETE', '/orders')).status).toBe(404); // no such route: the gateway answers
    expect(await rows('Orders')).toEqual([order]);
  });

  test('CORS: the gateway answers preflights for the allowed origin only', async () => {
    const allowed = await env.fetch('OPTIONS', '/orders', {
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const other = await env.fetch('OPTIONS', '/orders', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('the worker marks orders paid; a message failing maxRetries times reaches the dead-letter queue', async () => {
    const order = await placeOrder('c2');
    const producer = await env.queueProducer('QUEUE_FULFILMENT', script('CreateOrder'));
    await producer.send({ customerId: 'ghost', orderId: 'does-not-exist' }, { contentType: 'json' });
    await env.drain();
    expect((await rows('Orders')).find((o) => o.orderId === order.orderId)?.status).toBe('paid');
    expect(await env.deadLetters('Fulfilment')).toEqual([{ customerId: 'ghost', orderId: 'does-not-exist' }]);
    // The handler ran exactly maxRetries + 1 = 4 times for it (the shim logs each failed attempt).
    const attempts = [
      ...env.logs.join('').matchAll(/message (\S+) \(attempt (\d+)\) failed:[^\n]*\n?[^\n]*does-not-exist/g),
    ].map((m) => Number(m[2]));
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  test('the order topic reaches both subscribers (one queue each)', async () => {
    const order = await placeOrder('c3');
    await env.drain();
    const notes = (await rows('Notifications')).filter((n) => String(n.id).startsWith(order.orderId));
    expect(notes.map((n) => n.channel).sort()).toEqual(['analytics', 'email']);
  });

  test('an R2 put reaches the object-event consumer, filtered by prefix', async () => {
    // Thumbnailer may only read Images, so it has no R2 binding: put through the bucket's reader Worker's.
    const images = await env.r2('ANYCLOUD_BUCKET', String(env.inputsOf('shop/Images/reader').scriptName));
    await images.put('images/cat.png', new Uint8Array([1, 2, 3]), {
      httpMetadata: { contentType: 'image/png' },
    });
    await images.put('docs/readme.txt', 'hi');
    await env.drain();
    expect(await rows('Thumbnails')).toEqual([
      expect.objectContaining({ key: 'images/cat.png', thumbnail: 'thumbnails/cat.png', size: 3 }),
    ]);
  });

  test('the cron handler runs at 02:00 Paris time with its secret, and skips the other hourly firings', async () => {
    await env.fireSchedule('Nightly', '2026-01-15T00:00:00Z'); // 01:00 in Paris: not due
    expect(await rows('Reports')).toEqual([]);
    await env.fireSchedule('Nightly', '2026-01-15T01:00:00Z'); // 02:00 in Paris
    expect(await rows('Reports')).toEqual([
      { day: '2026-01-15', generatedAt: '2026-01-15T01:00:00Z', signedWith: 'rk…' },
    ]);
  });
});
