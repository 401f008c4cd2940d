import type { RequestAuth } from 'anycloud/runtime';
import { decodePath, dispatchHttp, handlerFor } from 'anycloud/runtime/host';
import { GATEWAY_HEADERS } from './worker-env';
import type { WorkerInvocation } from './worker-host';
import type { ModuleWorker } from './workers-types';

/** The Worker's `fetch`: a route request forwarded by the gateway through a service binding. */
export function fetchPart({ handler, start }: WorkerInvocation): NonNullable<ModuleWorker['fetch']> {
  return async (request, env) => {
    const ctx = start(env);
    const http = handlerFor(
      handler,
      'http',
      `an HTTP request (${request.headers.get(GATEWAY_HEADERS.route) ?? request.method})`,
      `"${ctx.functionPath}"`,
    );
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      if (name !== GATEWAY_HEADERS.route && name !== GATEWAY_HEADERS.params && name !== GATEWAY_HEADERS.auth)
        headers[name] = value;
    });
    const auth = request.headers.get(GATEWAY_HEADERS.auth);
    // On Cloudflare the URL's host is the Host header; keep them one (Miniflare's dispatch differs).
    headers.host = url.host;
    const params = JSON.parse(request.headers.get(GATEWAY_HEADERS.params) ?? '{}') as Record<string, string>;
    const encoded = await dispatchHttp(
      http,
      {
        method: request.method,
        url: request.url,
        // The gateway answered 400 to a malformed path, so it decodes here.
        path: decodePath(url.pathname) ?? url.pathname,
        route: request.headers.get(GATEWAY_HEADERS.route) ?? `${request.method} ${url.pathname}`,
        params,
        headers,
        body: new Uint8Array(await request.arrayBuffer()),
        ...(auth ? { auth: JSON.parse(auth) as RequestAuth } : {}),
      },
      ctx,
    );
    const responseHeaders = new Headers(encoded.headers);
    for (const cookie of encoded.cookies) responseHeaders.append('set-cookie', cookie);
    const encoding = (encoded.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    return new Response(encoded.status === 204 || encoded.status === 304 ? null : encoded.body, {
      status: encoded.status,
      headers: responseHeaders,
      // The handler's bytes are already encoded (gzip...): without `manual` the runtime encodes them again.
      ...(encoding !== 'identity' ? { encodeBody: 'manual' } : {}),
    } as ResponseInit);
  };
}
