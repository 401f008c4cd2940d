import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalIssuer } from 'anycloud/local';
import { authenticate, authFailure, remoteKeySet } from 'anycloud/runtime/host';

// The neutral verifier against an issuer that rotates its keys: a token signed with a key id the
// cached JWKS does not have makes one new fetch (after jose's 30 s cooldown), then verifies.

describe('JWT verification', () => {
  test('key rotation: a new kid is fetched once the cooldown has passed; the cache serves known keys', async () => {
    const [oldKey, newKey] = [await LocalIssuer.create('k1'), await LocalIssuer.create('k2')];
    let published = oldKey.jwks;
    let fetches = 0;
    const server = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    const policy = { issuer: 'https://id.example/', audience: ['api'], jwksUrl };
    const keys = remoteKeySet(jwksUrl);
    const headers = (token: string) => ({ authorization: `Bearer ${token}` });
    try {
      const first = await oldKey.sign({ issuer: policy.issuer, audience: 'api', sub: 'a' });
      expect(await authenticate(headers(first), policy, [], keys)).toMatchObject({
        ok: true,
        auth: { sub: 'a' },
      });
      expect(await authenticate(headers(first), policy, [], keys)).toMatchObject({ ok: true });
      expect(fetches).toBe(1);
      published = { keys: [...oldKey.jwks.keys, ...newKey.jwks.keys] };
      const rotated = await newKey.sign({ issuer: policy.issuer, audience: 'api', sub: 'b' });
      const now = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 31_000);
      try {
        expect(await authenticate(headers(rotated), policy, [], keys)).toMatchObject({
          ok: true,
          auth: { sub: 'b' },
        });
      } finally {
        clock.mockRestore();
      }
      expect(fetches).toBe(2);
    } finally {
      server.close();
    }
  });

  test('scopes come from `scope` or `scp`; a missing one is 403 insufficient_scope', async () => {
    const issuer = await LocalIssuer.create();
    const policy = {
      issuer: 'https://id.example/',
      audience: ['api'],
      jwksUrl: 'https://unused.example/jwks',
    };
    const token = await issuer.sign({ issuer: policy.issuer, audience: 'api', claims: { scp: ['a', 'b'] } });
    const ok = await authenticate({ authorization: `Bearer ${token}` }, policy, ['a'], issuer.keys);
    expect(ok).toMatchObject({ ok: true, auth: { scopes: ['a', 'b'] } });
    const refused = await authenticate({ authorization: `Bearer ${token}` }, policy, ['c'], issuer.keys);
    expect(refused).toMatchObject({ ok: false, status: 403, error: 'insufficient_scope' });
    if (refused.ok) throw new Error('expected a refusal');
    const answer = authFailure(refused);
    expect(answer.headers['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", error_description="the token lacks scope c"',
    );
    expect(JSON.parse(answer.body)).toEqual({ message: 'Forbidden' });
  });
});
