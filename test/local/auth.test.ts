import { App, Function, HttpApi } from 'anycloud';
import { local } from 'anycloud/testing';
import { join } from 'node:path';

const handlers = join(__dirname, '..', 'conformance', 'handlers.ts');

describe('auth on the local target', () => {
  test('env.token signs for the API’s issuer and audience; the real IdP is never contacted', async () => {
    const app = new App({ name: 'authlocal' });
    const api = new HttpApi(app, 'Api', {
      auth: { jwt: { issuer: 'https://unreachable.invalid/', audience: ['api://shop', 'other'] } },
    });
    const whoami = new Function(app, 'WhoAmI', { entry: handlers, handler: 'whoami' });
    api.route('GET /me', whoami);
    api.route('GET /orders', whoami, { auth: { scopes: ['orders:read'] } });
    const env = await local(app);
    try {
      expect((await env.fetch('GET /me')).status).toBe(401);
      const token = await env.token({ sub: 'alice', scopes: ['orders:read'] });
      const me = await env.fetch('GET /me', { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(me.json()).toEqual({ sub: 'alice', scopes: ['orders:read'], route: 'GET /me' });
      const noScope = await env.token({ sub: 'bob' });
      const refused = await env.fetch('GET /orders', { headers: { authorization: `Bearer ${noScope}` } });
      expect(refused.status).toBe(403);
      expect(refused.headers['www-authenticate']).toContain('insufficient_scope');
    } finally {
      await env.close();
    }
  });

  test('a token of another local run (another key) is refused', async () => {
    const make = () => {
      const app = new App({ name: 'authlocal2' });
      new HttpApi(app, 'Api', { auth: { jwt: { issuer: 'https://id.example/', audience: 'a' } } }).route(
        'GET /me',
        new Function(app, 'WhoAmI', { entry: handlers, handler: 'whoami' }),
      );
      return app;
    };
    const [one, two] = [await local(make()), await local(make())];
    try {
      const foreign = await two.token({ sub: 'eve' });
      expect((await one.fetch('GET /me', { headers: { authorization: `Bearer ${foreign}` } })).status).toBe(
        401,
      );
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('throttling on the local target', () => {
  test('a burst above the API’s throttle gets 429; the bucket refills at the rate', async () => {
    const app = new App({ name: 'throttled' });
    new HttpApi(app, 'Api', { throttle: { rate: 1, burst: 2 } }).route(
      'GET /x',
      new Function(app, 'Text', { entry: handlers, handler: 'text' }),
    );
    const env = await local(app);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await env.fetch('GET /x')).status);
      expect(statuses).toEqual([202, 202, 429]);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await env.fetch('GET /x')).status).toBe(202);
    } finally {
      await env.close();
    }
  });
});
