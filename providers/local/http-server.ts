import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpApi } from 'anycloud';
import type { JWTVerifyGetKey } from 'jose';
import type { RequestAuth } from 'anycloud/runtime';
import {
  applyCors,
  authenticate,
  authFailure,
  corsAllows,
  corsHeaders,
  decodePath,
  dispatchHttp,
  handlerFor,
  preflightHeaders,
  type AuthOutcome,
} from 'anycloud/runtime/host';
import type { FunctionRunner } from './function-runner';
import type { InvocationLog } from './invocation-log';
import { Router, type RouteMatch } from './router';

/** A response of {@link LocalHttpServer.fetch}. */
export interface LocalResponse {
  readonly status: number;
  /** Header names in lower case; every `Set-Cookie` is in {@link cookies}. */
  readonly headers: Record<string, string>;
  /** Every `Set-Cookie` header, in order. */
  readonly cookies: readonly string[];
  /** The body bytes (a `content-encoding` such as gzip decoded, as `fetch` does). */
  readonly bytes: Uint8Array;
  /** The body as UTF-8 text. */
  readonly text: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const EMPTY = new Uint8Array();

/** A request body that did not arrive in time. */
class BodyTimeoutError extends Error {
  constructor() {
    super('the request body did not arrive in time');
  }
}

/** Writes a whole response with its content length (one function, not a closure per request). */
function sendResponse(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: Uint8Array | string,
): void {
  if (res.destroyed) return;
  headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  res.writeHead(status, headers);
  res.end(body);
}

/** A JSON error answered by the server itself (no function ran), with the API's CORS headers. */
function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extra: Record<string, string> = {},
): void {
  sendResponse(res, status, { 'content-type': 'application/json', ...extra }, JSON.stringify({ message }));
}

/** Options of the local HTTP server. */
export interface LocalHttpOptions {
  readonly port?: number;
  readonly host?: string;
  /** Largest request body, bytes. */
  readonly maxBodyBytes: number;
  /** Longest time a request body may take to arrive once its headers are in, ms (a trickling client gets 408). @default 30000 */
  readonly bodyTimeoutMs?: number;
  /** The signing keys tokens of an API with auth are verified against. */
  readonly authKeys: (api: HttpApi) => JWTVerifyGetKey;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * True when a request's `Host` names this machine's loopback (`localhost`, `*.localhost`,
 * `127.0.0.1`, `[::1]`, any port). A server bound to loopback answers only those, so a web page
 * cannot reach it through a DNS name it rebinds to 127.0.0.1.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  const lower = name.toLowerCase();
  return LOOPBACK_HOSTS.has(lower) || lower.endsWith('.localhost');
}

/**
 * One HTTP server for every HttpApi of the app: routes matched with API Gateway's rules, CORS
 * preflights answered, bodies limited like API Gateway's, one log line per request.
 */
export class LocalHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:3000` (set by `listen`). */
  url = '';
  readonly router: Router;
  private server?: Server;
  private readonly buckets = new Map<HttpApi, { tokens: number; at: number }>();

  constructor(
    apis: readonly HttpApi[],
    private readonly runner: FunctionRunner,
    private readonly options: LocalHttpOptions,
    private readonly log: (entry: InvocationLog) => void,
    private readonly nextInvocationId: () => string,
  ) {
    this.router = new Router(apis);
  }

  /** Starts listening; resolves with the URL. */
  async listen(): Promise<string> {
    this.server = createServer({ noDelay: true }, (req, res) => {
      // A client error (an aborted body, a reset connection) costs that request only.
      this.handle(req, res).catch((error: unknown) => {
        if (res.headersSent || res.destroyed) res.destroy();
        else if (error instanceof BodyTimeoutError) {
          res.once('finish', () => req.destroy());
          sendError(res, 408, 'Request Timeout', { connection: 'close' });
        } else sendError(res, 400, 'Bad Request');
      });
    });
    // Malformed requests and sockets reset by the client: answer 400 when possible, never crash.
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this.url;
  }

  /** True when bound to a loopback address: only loopback `Host` names are answered. */
  private get loopbackOnly(): boolean {
    return isLoopbackHost(this.options.host ?? '127.0.0.1');
  }

  /** Stops accepting connections; resolves once the server is closed. */
  close(): Promise<void> {
    return new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private readBody(req: IncomingMessage): Promise<Uint8Array | 'too large'> {
    const limit = this.options.maxBodyBytes;
    const declared = req.headers['content-length'];
    if (declared === undefined && req.headers['transfer-encoding'] === undefined)
      return Promise.resolve(EMPTY);
    if (declared !== undefined && Number(declared) > limit) return Promise.resolve('too large');
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let ended = false;
      // A client that trickles its body must not hold the connection forever.
      const timer = setTimeout(() => reject(new BodyTimeoutError()), this.options.bodyTimeoutMs ?? 30_000);
      timer.unref();
      req.once('close', () => clearTimeout(timer));
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) chunks.push(chunk);
      });
      req.once('end', () => {
        ended = true;
        clearTimeout(timer);
        resolve(size > limit ? 'too large' : new Uint8Array(Buffer.concat(chunks)));
      });
      req.once('error', reject);
      // A client that goes away mid-body: no 'end' ever comes.
      req.once(
        'close',
        () => ended || reject(new Error('the client closed the connection before the body ended')),
      );
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q === -1 ? target : target.slice(0, q);
    const method = (req.method ?? 'GET').toUpperCase();
    if (this.loopbackOnly && !isLoopbackHost(req.headers.host)) {
      this.log({
        function: '(dev server)',
        trigger: `http ${method} ${pathname}`,
        status: '403',
        ms: performance.now() - started,
        error: `refused Host ${JSON.stringify(req.headers.host ?? '')}: the server is bound to loopback and answers only localhost names (DNS rebinding); start it with --host to serve other names`,
      });
      return sendError(res, 403, 'Forbidden: this dev server answers only localhost host names');
    }
    const origin = req.headers.origin;
    const preflight = method === 'OPTIONS' && origin && req.headers['access-control-request-method'];
    if (preflight) return this.preflight(req, res, pathname, origin, started);
    const path = decodePath(pathname);
    const match = path === undefined ? undefined : this.router.match(method, pathname);
    if (path === undefined || !match) {
      const cors = this.router.corsFor(pathname);
      return sendError(
        res,
        path === undefined ? 400 : 404,
        path === undefined ? 'Bad Request' : 'Not Found',
        corsHeaders(cors, origin),
      );
    }
    const headers: Record<string, string> = {};
    const raw = req.headers;
    for (const name in raw) {
      const value = raw[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    // The API's throttling, then its token check, before the body is read, as API gateways do.
    if (!this.takeToken(match.api)) {
      this.log({
        function: match.route.target.node.path,
        trigger: `http ${method} ${pathname}`,
        status: '429',
        ms: performance.now() - started,
        error: `throttled: over ${match.api.throttle.rate} requests/s (burst ${match.api.throttle.burst})`,
      });
      req.resume();
      return sendError(res, 429, 'Too Many Requests', corsHeaders(match.api.cors, origin));
    }
    // The token is checked before the body is read, as API gateways authorize first.
    const auth = await this.authorize(match, headers);
    if (!auth.ok) {
      const refused = authFailure(auth);
      this.log({
        function: match.route.target.node.path,
        trigger: `http ${method} ${pathname}`,
        status: String(refused.status),
        ms: performance.now() - started,
        error: `refused: ${auth.description}`,
      });
      req.resume();
      return sendResponse(
        res,
        refused.status,
        applyCors(refused.headers, match.api.cors, origin),
        refused.body,
      );
    }
    const body = await this.readBody(req);
    if (body === 'too large')
      return sendError(res, 413, 'Request Entity Too Large', corsHeaders(match.api.cors, origin));
    const fn = match.route.target;
    const routeKey = match.routeKey;
    let status = 500;
    let error: string | undefined;
    try {
      const encoded = await this.runner.invoke(fn, async (handler) => {
        return dispatchHttp(
          handlerFor(handler, 'http', `an HTTP request (${routeKey})`, `"${fn.node.path}"`),
          {
            method,
            url: `http://${headers.host ?? this.url.slice('http://'.length)}${target}`,
            path,
            route: routeKey,
            params: match.params,
            headers,
            body,
            ...(auth.auth ? { auth: auth.auth } : {}),
          },
          { functionPath: fn.node.path, invocationId: this.nextInvocationId() },
        );
      });
      status = encoded.status;
      // encodeResponse made the headers object for this response: extend it in place.
      const out: Record<string, string | string[]> = applyCors(encoded.headers, match.api.cors, origin);
      if (encoded.cookies.length > 0) out['set-cookie'] = [...encoded.cookies];
      sendResponse(res, encoded.status, out, encoded.body);
    } catch (e) {
      error = (e as Error).message;
      sendError(res, 500, 'Internal Server Error', corsHeaders(match.api.cors, origin));
    } finally {
      this.log({
        function: fn.node.path,
        trigger: `http ${method} ${pathname}`,
        status: String(status),
        ms: performance.now() - started,
        error,
      });
    }
  }

  /**
   * A token bucket per API, as API Gateway throttles a stage: `burst` requests at once, refilled
   * at `rate` per second. False when the bucket is empty (the request gets 429).
   */
  private takeToken(api: HttpApi): boolean {
    const now = performance.now();
    const bucket = this.buckets.get(api) ?? { tokens: api.throttle.burst, at: now };
    bucket.tokens = Math.min(
      api.throttle.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * api.throttle.rate,
    );
    bucket.at = now;
    this.buckets.set(api, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Checks the bearer token of a request to a protected route (public routes pass with no identity). */
  private async authorize(
    match: RouteMatch,
    headers: Readonly<Record<string, string>>,
  ): Promise<{ ok: true; auth?: RequestAuth } | Extract<AuthOutcome, { ok: false }>> {
    const policy = match.api.auth;
    if (match.route.auth.kind === 'none' || !policy) return { ok: true };
    return authenticate(headers, policy, match.route.auth.scopes, this.options.authKeys(match.api));
  }

  /** Answers a CORS preflight as API Gateway does; a refused one gets no CORS headers and a log line saying why. */
  private preflight(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    origin: string,
    started: number,
  ): void {
    const requested = String(req.headers['access-control-request-method']).toUpperCase();
    const match = this.router.match(requested, pathname);
    const cors = match?.api.cors ?? this.router.corsFor(pathname);
    const allowed = match && preflightHeaders(cors, origin);
    sendResponse(res, 204, allowed ?? corsHeaders(cors, undefined), '');
    if (allowed) return;
    this.log({
      function: match ? match.api.node.path : '(no route)',
      trigger: `preflight ${requested} ${pathname} from ${origin}`,
      status: 'refused',
      ms: performance.now() - started,
      error: !match
        ? `no route answers ${requested} ${pathname}`
        : !cors
          ? `${match.api.node.path} has no cors option`
          : !corsAllows(cors, origin)
            ? `origin ${origin} is not in cors.allowOrigins (${cors.allowOrigins.join(', ')})`
            : 'refused',
    });
  }

  /** Sends a request to the app: `fetch('POST /orders', { json: {...} })`. */
  async fetch(
    request: string,
    init: { json?: unknown; body?: string | Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<LocalResponse> {
    const match = /^([A-Z]+) (\/\S*)$/.exec(request);
    if (!match)
      throw new Error(`fetch() needs "METHOD /path", e.g. "GET /orders" (got ${JSON.stringify(request)})`);
    const headers = {
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    };
    const res = await globalThis.fetch(`${this.url}${match[2]}`, {
      method: match[1],
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (k !== 'set-cookie') responseHeaders[k] = v;
    });
    return {
      status: res.status,
      headers: responseHeaders,
      cookies: res.headers.getSetCookie(),
      bytes,
      text,
      json: () => JSON.parse(text),
    };
  }
}
