import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { RequestAuth } from './handlers';

/** What an API accepts: tokens from this issuer, for one of these audiences, signed by its keys. */
export interface JwtPolicy {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly jwksUrl: string;
}

/** The outcome of checking a request's bearer token against a route's protection. */
export type AuthOutcome =
  | { readonly ok: true; readonly auth: RequestAuth }
  | {
      readonly ok: false;
      readonly status: 401 | 403;
      /** RFC 6750 error code; none when the request had no token at all. */
      readonly error?: 'invalid_token' | 'insufficient_scope' | 'invalid_request';
      readonly description: string;
    };

/** Signature algorithms accepted (asymmetric only: `none` and shared secrets are refused). */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];

const keySets = new Map<string, JWTVerifyGetKey>();

/**
 * The issuer's signing keys, fetched from `jwksUrl` once per process (isolate) and cached; a
 * token signed with a key id not in the cache makes one new fetch (key rotation), at most every
 * 30 seconds.
 */
export function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  let keys = keySets.get(jwksUrl);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
    keySets.set(jwksUrl, keys);
  }
  return keys;
}

/** The scopes a token grants: the `scope` claim (space-separated) or `scp` (a list or a string). */
export function scopesOf(claims: JWTPayload): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return [];
}

/** The verified identity of a token's claims. */
export function requestAuthOf(claims: JWTPayload): RequestAuth {
  return {
    ...(typeof claims.sub === 'string' ? { sub: claims.sub } : {}),
    scopes: scopesOf(claims),
    claims: { ...claims },
  };
}

/** The bearer token of a request's `authorization` header (header names in lower case). */
export function bearerToken(headers: Readonly<Record<string, string>>): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec((headers.authorization ?? '').trim());
  return match?.[1];
}

/** Checks that `granted` holds every `required` scope: the outcome of a verified token. */
export function checkScopes(auth: RequestAuth, required: readonly string[]): AuthOutcome {
  const missing = required.filter((s) => !auth.scopes.includes(s));
  return missing.length === 0
    ? { ok: true, auth }
    : {
        ok: false,
        status: 403,
        error: 'insufficient_scope',
        description: `the token lacks scope ${missing.join(' ')}`,
      };
}

/**
 * Verifies a request's bearer token: signature by the issuer's keys (asymmetric algorithms
 * only), issuer, audience, expiry and not-before (5 s of clock skew), then the route's scopes.
 */
export async function authenticate(
  headers: Readonly<Record<string, string>>,
  policy: JwtPolicy,
  scopes: readonly string[],
  keys: JWTVerifyGetKey = remoteKeySet(policy.jwksUrl),
): Promise<AuthOutcome> {
  const token = bearerToken(headers);
  if (!token) return { ok: false, status: 401, description: 'a bearer token is required' };
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: policy.issuer,
      audience: [...policy.audience],
      algorithms: JWT_ALGORITHMS,
      clockTolerance: 5,
    });
    return checkScopes(requestAuthOf(payload), scopes);
  } catch (error) {
    return { ok: false, status: 401, error: 'invalid_token', description: (error as Error).message };
  }
}

/**
 * The outcome for claims a gateway in front of the function already verified (API Gateway's
 * user info header on GCP, the token API Management validated on Azure): the route's scopes are
 * checked here, as those gateways do not. No claims: 401.
 */
export function verifiedIdentity(claims: JWTPayload | undefined, scopes: readonly string[]): AuthOutcome {
  if (!claims) return { ok: false, status: 401, description: 'a bearer token is required' };
  return checkScopes(requestAuthOf(claims), scopes);
}

/** The claims of a bearer token a gateway already validated (not verified again here), or undefined. */
export function claimsOfValidatedToken(headers: Readonly<Record<string, string>>): JWTPayload | undefined {
  const token = bearerToken(headers);
  if (!token) return undefined;
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

/** The answer to a refused request: 401 or 403, a JSON body, and `WWW-Authenticate` (RFC 6750). */
export function authFailure(outcome: Extract<AuthOutcome, { ok: false }>): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const challenge = outcome.error
    ? `Bearer error="${outcome.error}", error_description="${outcome.description.replace(/["\\]/g, "'")}"`
    : 'Bearer';
  return {
    status: outcome.status,
    headers: { 'content-type': 'application/json', 'www-authenticate': challenge },
    body: JSON.stringify({ message: outcome.status === 401 ? 'Unauthorized' : 'Forbidden' }),
  };
}
