import { dispatchHttp, handlerFor } from 'anycloud/runtime/host';
import { GATEWAY_HEADERS } from './worker-env';
import type { WorkerInvocation } from './worker-host';
import type { ModuleWorker } from './workers-types';

/** The Worker's `fetch`: a route request forwarded by the gateway through a service binding. */
export function fetchPart({ handler, start }: WorkerInvocation): NonNullable<ModuleWorker['fetch']> {
  return async (request, env) => {
    const ctx = start(env);
    const http = handlerFor(handler, 'http', 'an HTTP request');
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      if (name !== GATEWAY_HEADERS.route && name !== GATEWAY_HEADERS.params) headers[name] = value;
    });
    const query: Record<string, string> = {};
    url.searchParams.forEach((value, name) => (query[name] = value));
    const params = JSON.parse(request.headers.get(GATEWAY_HEADERS.params) ?? '{}') as Record<string, string>;
    const encoded = await dispatchHttp(
      http,
      {
        method: request.method,
        path: url.pathname,
        route: request.headers.get(GATEWAY_HEADERS.route) ?? `${request.method} ${url.pathname}`,
        params,
        query,
        headers,
        body: new Uint8Array(await request.arrayBuffer()),
      },
      ctx,
    );
    return new Response(encoded.status === 204 || encoded.status === 304 ? null : encoded.body, {
      status: encoded.status,
      headers: encoded.headers,
    });
  };
}
