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

/** Properties of an {@link HttpApi}. */
export interface HttpApiProps {
  /** Cross-origin settings; none means browsers on other origins are refused. */
  readonly cors?: CorsOptions;
}

/** One route of an API. */
export interface Route {
  readonly key: RouteKey;
  readonly target: Function;
}

/** Resolved CORS settings: the policy every target applies (the same type the runtime answers with). */
export type ResolvedCors = CorsPolicy;

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'];

/** A public HTTP API: routes `METHOD /path/{param}` to functions (each an `http()` handler). */
export class HttpApi extends Resource {
  readonly kind = 'http-api' as const;
  /** Resolved CORS settings, when the API allows other origins. */
  readonly cors?: ResolvedCors;
  private readonly routeList: Route[] = [];

  constructor(scope: Construct, id: string, props: HttpApiProps = {}) {
    super(scope, id);
    const p = this.propsObject<HttpApiProps>(props, 'an object');
    if (p.cors !== undefined) this.cors = this.resolveCors(p.cors);
  }

  /** The routes, in the order they were added. */
  get routes(): readonly Route[] {
    return [...this.routeList];
  }

  /** Routes requests matching `key` (e.g. `'GET /orders/{id}'`) to `fn`. */
  route(key: string, fn: Function): void {
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
    if (ok) this.routeList.push({ key: parsed, target: fn });
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
