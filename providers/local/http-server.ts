import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpApi } from 'anycloud';
import { corsHeaders, dispatchHttp, preflightHeaders } from 'anycloud/runtime/host';
import type { FunctionRunner } from './function-runner';
import type { InvocationLog } from './invocation-log';
import { Router } from './router';

/** A response of {@link LocalHttpServer.fetch}. */
export interface LocalResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const EMPTY = new Uint8Array();

/** Writes a whole response with its content length (one function, not a closure per request). */
function sendResponse(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Uint8Array | string,
): void {
  headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  res.writeHead(status, headers);
  res.end(body);
}

/** Options of the local HTTP server. */
export interface LocalHttpOptions {
  readonly port?: number;
  readonly host?: string;
  /** Largest request body, bytes. */
  readonly maxBodyBytes: number;
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
    this.server = createServer({ noDelay: true }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this.url;
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
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) chunks.push(chunk);
      });
      req.once('end', () => resolve(size > limit ? 'too large' : new Uint8Array(Buffer.concat(chunks))));
      req.once('error', reject);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q === -1 ? target : target.slice(0, q);
    const search = q === -1 ? undefined : new URLSearchParams(target.slice(q + 1));
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    const preflight = method === 'OPTIONS' && origin && req.headers['access-control-request-method'];
    if (preflight) {
      const target = this.router.match(
        String(req.headers['access-control-request-method']).toUpperCase(),
        pathname,
      );
      return sendResponse(res, 204, preflightHeaders(target?.api.cors, origin) ?? {}, '');
    }
    const match = this.router.match(method, pathname);
    if (!match)
      return sendResponse(
        res,
        404,
        { 'content-type': 'application/json' },
        JSON.stringify({ message: 'Not Found' }),
      );
    const body = await this.readBody(req);
    if (body === 'too large') {
      return sendResponse(
        res,
        413,
        { 'content-type': 'application/json' },
        JSON.stringify({ message: 'Request Entity Too Large' }),
      );
    }
    const fn = match.route.target;
    const headers: Record<string, string> = {};
    const raw = req.headers;
    for (const name in raw) {
      const value = raw[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const query: Record<string, string> = {};
    if (search) for (const [k, v] of search) query[k] = v;
    const routeKey = match.routeKey;
    let status = 500;
    let error: string | undefined;
    try {
      const encoded = await this.runner.invoke(fn, async (handler) => {
        if (handler.kind !== 'http')
          throw new Error(`a ${handler.kind}() handler cannot answer an HTTP request`);
        return dispatchHttp(
          handler,
          {
            method,
            path: pathname.includes('%') ? decodeURIComponent(pathname) : pathname,
            route: routeKey,
            params: match.params,
            query,
            headers,
            body,
          },
          { functionPath: fn.node.path, invocationId: this.nextInvocationId() },
        );
      });
      status = encoded.status;
      sendResponse(
        res,
        encoded.status,
        // encodeResponse made the headers object for this response: extend it in place.
        match.api.cors
          ? Object.assign(encoded.headers, corsHeaders(match.api.cors, origin))
          : encoded.headers,
        encoded.body,
      );
    } catch (e) {
      error = (e as Error).message;
      sendResponse(
        res,
        500,
        { 'content-type': 'application/json', ...corsHeaders(match.api.cors, origin) },
        JSON.stringify({ message: 'Internal Server Error' }),
      );
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

  /** Sends a request to the app: `fetch('POST /orders', { json: {...} })`. */
  async fetch(
    request: string,
    init: { json?: unknown; body?: string; headers?: Record<string, string> } = {},
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
    const text = await res.text();
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => (responseHeaders[k] = v));
    return { status: res.status, headers: responseHeaders, text, json: () => JSON.parse(text) };
  }
}
