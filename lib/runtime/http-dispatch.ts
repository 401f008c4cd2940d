import type { HttpHandler, HttpRequest, HttpResponse, InvocationContext } from './handlers';
import { HttpError } from './http-error';

/** The fields a request shares with its neutral form. */
type RequestFields = Pick<HttpRequest, 'method' | 'url' | 'path' | 'route' | 'params' | 'headers' | 'auth'>;

/**
 * The raw parts of a request, as a target shim reads them from its native event. The query is
 * not among them: it is read from `url` the same way on every target.
 */
export interface RawHttpRequest extends RequestFields {
  readonly body: Uint8Array;
}

/**
 * A response ready for a target shim to encode: status, headers (no `set-cookie`), the cookies
 * to send one `Set-Cookie` header each, and the body as text (text and JSON) or bytes.
 */
export interface EncodedHttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: string | Uint8Array;
}

/**
 * The query of `url` as the neutral request carries it: `URLSearchParams` decoding, last value
 * wins. (API Gateway joins repeated keys with commas in `queryStringParameters`, which cannot be
 * told apart from a comma in a value, so every shim reads the raw query string instead.)
 */
export function queryOf(url: string): Record<string, string> {
  const query: Record<string, string> = {};
  const q = url.indexOf('?');
  if (q === -1) return query;
  const hash = url.indexOf('#', q);
  for (const [name, value] of new URLSearchParams(url.slice(q + 1, hash === -1 ? undefined : hash)))
    query[name] = value;
  return query;
}

const decoder = new TextDecoder();

/** The neutral request handed to handlers (a class: no closures made per request). */
class NeutralRequest implements HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly route: string;
  readonly params: RequestFields['params'];
  readonly query: HttpRequest['query'];
  readonly headers: RequestFields['headers'];
  readonly auth: RequestFields['auth'];
  private readonly body: Uint8Array;

  constructor(raw: RawHttpRequest) {
    const headers: Record<string, string> = {};
    for (const name in raw.headers) headers[name.toLowerCase()] = raw.headers[name];
    ({
      url: this.url,
      path: this.path,
      route: this.route,
      params: this.params,
      body: this.body,
      auth: this.auth,
    } = raw);
    this.query = queryOf(raw.url);
    this.method = raw.method.toUpperCase();
    this.headers = headers;
  }

  async text(): Promise<string> {
    return decoder.decode(this.body);
  }

  async bytes(): Promise<Uint8Array> {
    return this.body;
  }

  async json<T = unknown>(): Promise<T> {
    try {
      return JSON.parse(decoder.decode(this.body)) as T;
    } catch {
      throw new HttpError(400, 'request body is not valid JSON');
    }
  }
}

/** Builds the neutral request handed to handlers. Header names become lower case. */
export function neutralRequest(raw: RawHttpRequest): HttpRequest {
  return new NeutralRequest(raw);
}

/** Turns a handler's response into status, headers and bytes (JSON bodies get their content type). */
export function encodeResponse(response: HttpResponse | undefined | null): EncodedHttpResponse {
  const r: HttpResponse = response ?? { status: 204 };
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') cookies.push(String(value));
    else headers[lower] = String(value);
  }
  if (Array.isArray(r.cookies)) for (const cookie of r.cookies) cookies.push(String(cookie));
  let body: string | Uint8Array;
  if (r.json !== undefined) {
    body = JSON.stringify(r.json);
    headers['content-type'] ??= 'application/json';
  } else if (typeof r.body === 'string') {
    body = r.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else {
    body = r.body ?? new Uint8Array();
    if (r.body) headers['content-type'] ??= 'application/octet-stream';
  }
  const status = Number.isInteger(r.status) && r.status! >= 100 && r.status! <= 599 ? r.status! : 200;
  return { status, headers, cookies, body };
}

/**
 * Runs an HTTP handler on a raw request, the same way on every target: an HttpError
 * answers its status, any other error answers 500 and is logged.
 */
export async function dispatchHttp(
  handler: HttpHandler,
  raw: RawHttpRequest,
  context: InvocationContext,
): Promise<EncodedHttpResponse> {
  try {
    return encodeResponse(await handler.run(neutralRequest(raw), context));
  } catch (error) {
    if (error instanceof HttpError || (error as { name?: unknown })?.name === 'HttpError') {
      const e = error as HttpError;
      return encodeResponse({ status: e.status, json: { error: e.message } });
    }
    console.error(`[anycloud] ${context.functionPath} ${raw.method} ${raw.path} failed:`, error);
    return encodeResponse({ status: 500, json: { error: 'Internal Server Error' } });
  }
}
