import type { TestIssuer } from 'anycloud/testing';
import type { ConformanceResponse, ConformanceRunner } from './runner';

/** A conformance case about protected routes: it signs its own tokens with the test issuer. */
export interface ConformanceAuthCase {
  readonly name: string;
  run(t: ConformanceRunner, issuer: TestIssuer): Promise<void>;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** A refused request: the status, a JSON body, and an RFC 6750 challenge. */
function expectRefused(res: ConformanceResponse, status: 401 | 403): void {
  expect(res.status).toBe(status);
  expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.text).not.toContain('whoami'); // the handler never ran
}

/** The auth cases: the same answers on every target (401 / 403 before the handler, 200 with `sub`). */
export const CONFORMANCE_AUTH_CASES: ConformanceAuthCase[] = [
  {
    name: 'auth: no token answers 401 with a Bearer challenge, before the handler',
    async run(t) {
      expectRefused(await t.fetch('GET', '/secure/me'), 401);
      expectRefused(
        await t.fetch('GET', '/secure/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
        401,
      );
    },
  },
  {
    name: 'auth: expired, wrong issuer, wrong audience, bad signature and alg none answer 401',
    async run(t, issuer) {
      const bad = {
        expired: await issuer.sign({ sub: 'alice', expiresInSeconds: -120 }),
        'wrong issuer': await issuer.sign({ sub: 'alice', issuer: 'https://evil.example/' }),
        'wrong audience': await issuer.sign({ sub: 'alice', audience: 'https://other.example' }),
        'bad signature': await issuer.signWithForeignKey({ sub: 'alice' }),
        'alg none': issuer.unsigned({ sub: 'alice' }),
      };
      for (const [what, token] of Object.entries(bad)) {
        const res = await t.fetch('GET', '/secure/me', bearer(token));
        expect([what, res.status]).toEqual([what, 401]);
        expectRefused(res, 401);
      }
    },
  },
  {
    name: 'auth: a valid token reaches the handler with its sub and scopes',
    async run(t, issuer) {
      const res = await t.fetch(
        'GET',
        '/secure/me',
        bearer(await issuer.sign({ sub: 'alice', scopes: ['orders:read'] })),
      );
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ sub: 'alice', scopes: ['orders:read'], route: 'GET /secure/me' });
    },
  },
  {
    name: 'auth: a route requiring a scope answers 403 without it and 200 with it',
    async run(t, issuer) {
      const without = await issuer.sign({ sub: 'bob', scopes: ['orders:read'] });
      expectRefused(await t.fetch('GET', '/secure/admin', bearer(without)), 403);
      const granted = await issuer.sign({ sub: 'bob', scopes: ['orders:read', 'admin:read'] });
      const res = await t.fetch('GET', '/secure/admin', bearer(granted));
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ sub: 'bob', scopes: ['orders:read', 'admin:read'] });
    },
  },
  {
    name: 'auth: a client cannot name itself: identity headers it sends are ignored',
    async run(t, issuer) {
      const forged = {
        'x-anycloud-auth': JSON.stringify({ sub: 'mallory', scopes: ['admin:read'], claims: {} }),
        'x-apigateway-api-userinfo': Buffer.from(JSON.stringify({ sub: 'mallory' })).toString('base64url'),
      };
      expectRefused(await t.fetch('GET', '/secure/me', { headers: forged }), 401);
      const token = await issuer.sign({ sub: 'alice' });
      const res = await t.fetch('GET', '/secure/admin', {
        headers: { ...forged, authorization: `Bearer ${token}` },
      });
      expectRefused(res, 403);
      const me = await t.fetch('GET', '/secure/me', {
        headers: { ...forged, authorization: `Bearer ${token}` },
      });
      expect(me.json()).toMatchObject({ sub: 'alice', scopes: [] });
    },
  },
  {
    name: "auth: a route with auth 'none' on an API with auth is open",
    async run(t) {
      const res = await t.fetch('GET', '/echo/open');
      expect(res.status).toBe(200);
    },
  },
];
