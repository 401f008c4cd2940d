import type { CorsPolicy } from './runtime/cors';
import { describeValue } from './validation-error';
import type { Construct } from 'constructs';
import { parseDurationSeconds, type Duration } from './duration';
import type { Function } from './function';
import { Resource } from './resource';
import { parseRouteKey, type RouteKey } from './route-key';

/** Cross-origin settings of an {@link HttpApi}. */
export interface CorsOptions {
  /** Origins allowed to call the API: `'*'` or `https://example.com` style origins. */
  readonly allowOrigins: readonly string[];
  /** Methods allowed. @default ['GET','POST','PUT','PATCH','DELETE','HEAD','OPTIONS'] */
  readonly allowMethods?: readonly string[];
  /** Request headers allowed. @default ['content-type','authorization'] */
  readonly allowHeaders?: readonly string[];
  /** Response headers exposed to the browser. @default [] */
  readonly exposeHeaders?: readonly string[];
  /** Whether credentials (cookies) are allowed; needs explicit origins. @default false */
  readonly allowCredentials?: boolean;
  /** How long browsers may cache the preflight answer. @default '1 day' */
  readonly maxAge?: Duration;
}

/** JSON Web Token validation of an {@link HttpApi}: the identity provider that signs the tokens. */
export interface JwtAuthOptions {
  /** The token issuer (`iss`), e.g. `https://example.eu.auth0.com/`. */
  readonly issuer: string;
  /** Accepted audiences (`aud`): a token must name one of them. */
  readonly audience: string | readonly string[];
  /** Where the issuer publishes its signing keys. @default `<issuer>/.well-known/jwks.json` */
  readonly jwksUrl?: string;
}

/** Authentication of an {@link HttpApi}. */
export interface HttpApiAuthOptions {
  /** Bearer tokens (JWT) from this issuer, for this audience. */
  readonly jwt: JwtAuthOptions;
}

/** Request throttling of an {@link HttpApi} (requests per second, and the burst above it). */
export interface ThrottleOptions {
  /** Steady requests per second. @default 100 */
  readonly rate?: number;
  /** Requests allowed at once above the rate. @default 200 */
  readonly burst?: number;
}

/** Properties of an {@link HttpApi}. */
export interface HttpApiProps {
  /** Cross-origin settings; none means browsers on other origins are refused. */
  readonly cors?: CorsOptions;
  /**
   * Every route requires a valid bearer token from this issuer (opt a route out with
   * `{ auth: 'none' }`). @default none: every route is public
   */
  readonly auth?: HttpApiAuthOptions;
  /** Request throttling. @default `{ rate: 100, burst: 200 }` */
  readonly throttle?: ThrottleOptions;
}

/** Options of one route. */
export interface RouteOptions {
  /**
   * `'none'`: the route is public on an API with auth. `{ scopes }`: a token must also grant
   * every one of these scopes (`scope` or `scp` claim). @default the API's auth, no scope
   */
  readonly auth?: 'none' | { readonly scopes: readonly string[] };
}

/** Where an issuer's signing keys are when `jwksUrl` is not given: `<issuer>/.well-known/jwks.json`. */
export function defaultJwksUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
}

/** The resolved JWT settings of an API. */
export interface ResolvedJwtAuth {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly jwksUrl: string;
}

/** How one route is protected: public, or a valid token with these scopes. */
export type RouteAuth =
  { readonly kind: 'none' } | { readonly kind: 'jwt'; readonly scopes: readonly string[] };

/** The resolved throttling of an API. */
export interface ResolvedThrottle {
  readonly rate: number;
  readonly burst: number;
}

/** One route of an API. */
export interface Route {
  readonly key: RouteKey;
  readonly target: Function;
  /** How the route is protected. */
  readonly auth: RouteAuth;
}

/** Resolved CORS settings: the policy every target applies (the same type the runtime answers with). */
export type ResolvedCors = CorsPolicy;

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
/** A scope: visible ASCII without spaces or quotes (RFC 6749 scope-token). */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** True for an https URL, or an http URL on this machine (a local issuer in tests). */
function isIssuerUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    return url.protocol === 'https:' || (url.protocol === 'http:' && local);
  } catch {
    return false;
  }
}
const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'];

/** A public HTTP API: routes `METHOD /path/{param}` to functions (each an `http()` handler). */
export class HttpApi extends Resource {
  readonly kind = 'http-api' as const;
  /** Resolved CORS settings, when the API allows other origins. */
  readonly cors?: ResolvedCors;
  /** Resolved JWT settings, when routes require a token. */
  readonly auth?: ResolvedJwtAuth;
  /** Resolved throttling. */
  readonly throttle: ResolvedThrottle;
  private readonly routeList: Route[] = [];
  /** True when the API was given auth, even invalid auth: its routes stay protected, never silently public. */
  private readonly authGiven: boolean;

  constructor(scope: Construct, id: string, props: HttpApiProps = {}) {
    super(scope, id);
    const p = this.propsObject<HttpApiProps>(props, 'an object');
    if (p.cors !== undefined) this.cors = this.resolveCors(p.cors);
    this.authGiven = p.auth !== undefined;
    if (p.auth !== undefined) this.auth = this.resolveAuth(p.auth);
    this.throttle = this.resolveThrottle(p.throttle);
  }

  private resolveAuth(auth: HttpApiAuthOptions): ResolvedJwtAuth | undefined {
    const jwt = (auth as { jwt?: JwtAuthOptions } | null)?.jwt;
    if (typeof jwt !== 'object' || jwt === null) {
      this.addIssue('http-api.auth.jwt', auth, 'auth must be { jwt: { issuer, audience, jwksUrl? } }');
      return undefined;
    }
    let ok = true;
    if (!isIssuerUrl(jwt.issuer)) {
      ok = false;
      this.addIssue(
        'http-api.auth.issuer',
        jwt.issuer,
        'the issuer must be an https URL, e.g. "https://example.eu.auth0.com/"',
      );
    }
    const audience = typeof jwt.audience === 'string' ? [jwt.audience] : jwt.audience;
    if (
      !Array.isArray(audience) ||
      audience.length === 0 ||
      !audience.every((a) => typeof a === 'string' && a.trim() !== '')
    ) {
      ok = false;
      this.addIssue(
        'http-api.auth.audience',
        jwt.audience,
        'the audience must be a non-empty string or list of strings',
      );
    }
    const issuer = typeof jwt.issuer === 'string' ? jwt.issuer : '';
    const jwksUrl = jwt.jwksUrl ?? defaultJwksUrl(issuer);
    if (jwt.jwksUrl !== undefined && !isIssuerUrl(jwt.jwksUrl)) {
      ok = false;
      this.addIssue('http-api.auth.jwksUrl', jwt.jwksUrl, 'jwksUrl must be an https URL');
    }
    return ok ? { issuer, audience: [...(audience as string[])], jwksUrl } : undefined;
  }

  private resolveThrottle(throttle: ThrottleOptions | undefined): ResolvedThrottle {
    if (
      throttle !== undefined &&
      (typeof throttle !== 'object' || throttle === null || Array.isArray(throttle))
    ) {
      this.addIssue('http-api.throttle', throttle, 'throttle must be { rate, burst }');
      return { rate: 100, burst: 200 };
    }
    const t = throttle ?? {};
    const rate = t.rate ?? 100;
    const burst = t.burst ?? 200;
    for (const [name, value, max] of [
      ['rate', rate, 100_000],
      ['burst', burst, 50_000],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > max)
        this.addIssue(
          `http-api.throttle.${name}`,
          value,
          `throttle.${name} must be an integer from 1 to ${max}`,
        );
    }
    return { rate, burst };
  }

  private resolveRouteAuth(key: string, options: RouteOptions): RouteAuth {
    const auth = options.auth;
    if (auth === 'none') return { kind: 'none' };
    if (auth === undefined) return this.authGiven ? { kind: 'jwt', scopes: [] } : { kind: 'none' };
    const scopes = (auth as { scopes?: unknown } | null)?.scopes;
    if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string' && SCOPE.test(s))) {
      this.addIssue(
        'http-api.route.scopes',
        auth,
        `route ${describeValue(key)}: auth must be 'none' or { scopes: ['orders:read', ...] } (scopes without spaces)`,
      );
      return { kind: 'jwt', scopes: [] };
    }
    if (!this.authGiven)
      this.addIssue(
        'http-api.route.auth',
        auth,
        `route ${describeValue(key)} asks for scopes, but the API has no auth: give the HttpApi { auth: { jwt: ... } }`,
      );
    return { kind: 'jwt', scopes: [...scopes] };
  }

  /** The routes, in the order they were added. */
  get routes(): readonly Route[] {
    return [...this.routeList];
  }

  /**
   * Routes requests matching `key` (e.g. `'GET /orders/{id}'`) to `fn`. On an API with auth the
   * route requires a valid token (and `options.auth.scopes`), unless `options.auth` is `'none'`.
   */
  route(key: string, fn: Function, options: RouteOptions = {}): void {
    const ok = this.checkTarget('http-api.route.target', fn, `route ${describeValue(key)} target`);
    const parsed = parseRouteKey(key);
    if (typeof parsed === 'string') {
      this.addIssue('http-api.route.key', key, parsed);
      return;
    }
    const clash = this.routeList.find((r) => r.key.method === parsed.method && r.key.shape === parsed.shape);
    if (clash) {
      this.addIssue(
        'http-api.route.duplicate',
        key,
        `route collides with "${clash.key.method} ${clash.key.path}"`,
      );
      return;
    }
    const auth = this.resolveRouteAuth(key, (options ?? {}) as RouteOptions);
    if (ok) this.routeList.push({ key: parsed, target: fn, auth });
  }

  private stringList(prop: string, value: unknown, fallback: string[]): string[] {
    if (value === undefined) return fallback;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0)) return [...value];
    this.addIssue(`http-api.cors.${prop}`, value, `cors.${prop} must be a list of non-empty strings`);
    return [];
  }

  private resolveCors(cors: CorsOptions): ResolvedCors | undefined {
    if (
      typeof cors !== 'object' ||
      cors === null ||
      !Array.isArray(cors.allowOrigins) ||
      cors.allowOrigins.length === 0
    ) {
      this.addIssue(
        'http-api.cors.allowOrigins',
        cors,
        'cors.allowOrigins must be a non-empty list of origins',
      );
      return undefined;
    }
    for (const origin of cors.allowOrigins) {
      if (origin !== '*' && !(typeof origin === 'string' && ORIGIN.test(origin))) {
        this.addIssue(
          'http-api.cors.origin',
          origin,
          'each origin must be "*" or like "https://example.com"',
        );
      }
    }
    const allowMethods = this.stringList('allowMethods', cors.allowMethods, [
      'GET',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'HEAD',
      'OPTIONS',
    ]);
    for (const method of allowMethods) {
      if (!CORS_METHODS.includes(method)) {
        this.addIssue(
          'http-api.cors.method',
          method,
          `each method must be one of ${CORS_METHODS.join(', ')}`,
        );
      }
    }
    const allowHeaders = this.stringList('allowHeaders', cors.allowHeaders, [
      'content-type',
      'authorization',
    ]);
    const exposeHeaders = this.stringList('exposeHeaders', cors.exposeHeaders, []);
    if (cors.allowCredentials !== undefined && typeof cors.allowCredentials !== 'boolean') {
      this.addIssue(
        'http-api.cors.allowCredentials',
        cors.allowCredentials,
        'cors.allowCredentials must be true or false',
      );
    }
    if (cors.allowCredentials === true && cors.allowOrigins.includes('*')) {
      this.addIssue(
        'http-api.cors.credentials',
        cors.allowOrigins,
        'allowCredentials needs explicit origins, not "*"',
      );
    }
    const maxAgeSeconds = cors.maxAge === undefined ? 86400 : parseDurationSeconds(cors.maxAge);
    if (maxAgeSeconds === undefined) {
      this.addIssue('http-api.cors.maxAge', cors.maxAge, 'maxAge must be a duration like "1 hour"');
    }
    return {
      allowOrigins: [...cors.allowOrigins],
      allowMethods,
      allowHeaders,
      exposeHeaders,
      allowCredentials: cors.allowCredentials === true,
      maxAgeSeconds: maxAgeSeconds ?? 0,
    };
  }
}
