import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalIssuer, type LocalTokenOptions } from 'anycloud/local';

/** What a token of a {@link TestIssuer} holds: its issuer and audience unless overridden. */
export type TestTokenOptions = Partial<LocalTokenOptions>;

/**
 * An identity provider for tests: an ES256 key pair, its JWKS served over HTTP on this machine
 * (`jwksUrl`, what a target's verifier fetches, and OpenID discovery at
 * `<issuer>.well-known/openid-configuration`), and tokens signed with it, good or deliberately
 * bad (expired, another issuer or audience, another key, `alg: none`).
 */
export interface TestIssuer {
  /** `http://127.0.0.1:<port>/`: the `iss` of its tokens, and an `issuer` an HttpApi accepts. */
  readonly issuer: string;
  /** The default audience of its tokens. */
  readonly audience: string;
  /** `http://127.0.0.1:<port>/.well-known/jwks.json`. */
  readonly jwksUrl: string;
  /** A token signed by this issuer's key. */
  sign(options?: TestTokenOptions): Promise<string>;
  /** A token with this issuer's claims and key id, signed by a key it never published. */
  signWithForeignKey(options?: TestTokenOptions): Promise<string>;
  /** A token with this issuer's claims and `alg: none` (no signature). */
  unsigned(options?: TestTokenOptions): string;
  /** How many times its JWKS was fetched. */
  readonly jwksFetches: number;
  /** Stops serving the JWKS. */
  close(): Promise<void>;
}

/** Starts a {@link TestIssuer}: its JWKS on a free loopback port. */
export async function startTestIssuer(options: { audience?: string } = {}): Promise<TestIssuer> {
  const keys = await LocalIssuer.create('test-key');
  const foreign = await LocalIssuer.create('test-key');
  let fetches = 0;
  let base = '';
  const server = createServer((req, res) => {
    const send = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/.well-known/openid-configuration')
      return send({ issuer: `${base}/`, jwks_uri: `${base}/.well-known/jwks.json` });
    if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
    fetches++;
    send(keys.jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/`;
  const audience = options.audience ?? 'https://api.anycloud.test';
  const full = (o: TestTokenOptions = {}): LocalTokenOptions => ({ issuer, audience, ...o });
  return {
    issuer,
    audience,
    jwksUrl: `${base}/.well-known/jwks.json`,
    sign: (o) => keys.sign(full(o)),
    signWithForeignKey: (o) => foreign.sign(full(o)),
    unsigned(o) {
      const t = full(o);
      const now = Math.floor(Date.now() / 1000);
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const payload = {
        ...t.claims,
        iss: t.issuer,
        aud: t.audience,
        ...(t.sub !== undefined ? { sub: t.sub } : {}),
        ...(t.scopes ? { scope: t.scopes.join(' ') } : {}),
        iat: now,
        exp: now + (t.expiresInSeconds ?? 3600),
      };
      return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
    },
    get jwksFetches() {
      return fetches;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
