import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';

/** What a token for a local run holds. */
export interface LocalTokenOptions {
  /** `iss`. */
  readonly issuer: string;
  /** `aud`. */
  readonly audience: string | readonly string[];
  /** `sub`: who the caller is. */
  readonly sub?: string;
  /** Granted scopes (the `scope` claim). */
  readonly scopes?: readonly string[];
  /** Other claims. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Lifetime in seconds (negative: already expired). @default 3600 */
  readonly expiresInSeconds?: number;
}

/**
 * A local identity provider: one ES256 key pair made at start, its public keys as a JWKS, and
 * tokens signed with it. The local target verifies tokens against these keys instead of the
 * issuer's (which a run offline cannot reach): issuer, audience, expiry and scopes are checked
 * exactly as on the clouds, only the signing key is local.
 */
export class LocalIssuer {
  private constructor(
    private readonly privateKey: KeyLike,
    /** The public keys, as the issuer would publish them at its JWKS URL. */
    readonly jwks: JSONWebKeySet,
    readonly kid: string,
  ) {}

  static async create(kid = 'anycloud-local'): Promise<LocalIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    return new LocalIssuer(privateKey, { keys: [jwk] }, kid);
  }

  /** The key set verifiers use. */
  get keys(): JWTVerifyGetKey {
    return createLocalJWKSet(this.jwks);
  }

  /** A token signed by this issuer's key. */
  async sign(options: LocalTokenOptions): Promise<string> {
    const payload: JWTPayload = {
      ...options.claims,
      ...(options.scopes?.length ? { scope: options.scopes.join(' ') } : {}),
    };
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(payload)
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .setIssuer(options.issuer)
      .setAudience(typeof options.audience === 'string' ? options.audience : [...options.audience])
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresInSeconds ?? 3600));
    if (options.sub !== undefined) jwt.setSubject(options.sub);
    return jwt.sign(this.privateKey);
  }
}
