import {
  addVaryOrigin,
  authenticate,
  authFailure,
  corsHeaders,
  decodePath,
  preflightHeaders,
  RouteTable,
} from 'anycloud/runtime/host';
import { ENV, GATEWAY_HEADERS, type GatewayConfig } from './worker-env';
import type { Fetcher, ModuleWorker, WorkerEnv } from './workers-types';

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

type GatewayRoute = GatewayConfig['routes'][number];

let compiled: { config: GatewayConfig; table: RouteTable<GatewayRoute> } | undefined;

function load(env: WorkerEnv): { config: GatewayConfig; table: RouteTable<GatewayRoute> } {
  if (compiled) return compiled;
  const config = JSON.parse(String(env[ENV.routes] ?? '{"api":"","routes":[]}')) as GatewayConfig;
  compiled = {
    config,
    table: new RouteTable(config.routes.map((r) => ({ method: r.method, path: r.path, target: r }))),
  };
  return compiled;
}

/**
 * The gateway Worker of an HttpApi: routes `METHOD /path/{param}` the way API Gateway does and
 * forwards the request to the route's Worker through its service binding, with the matched
 * route and decoded parameters in headers. A protected route's bearer token is verified first
 * (401/403 answered here; the verified identity goes on in a header the client cannot set).
 * Answers CORS preflights and 404s itself.
 */
export const gatewayWorker: ModuleWorker = {
  async fetch(request, env) {
    const { config, table } = load(env);
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const origin = request.headers.get('origin') ?? undefined;
    const requested = request.headers.get('access-control-request-method');
    if (method === 'OPTIONS' && origin && requested) {
      const target = table.match(requested.toUpperCase(), url.pathname);
      return new Response(null, {
        status: 204,
        // Refused: no CORS headers (the browser blocks the request), Vary all the same.
        headers: (target && preflightHeaders(config.cors, origin)) ?? corsHeaders(config.cors, undefined),
      });
    }
    const cors = corsHeaders(config.cors, origin);
    if (decodePath(url.pathname) === undefined) return json(400, { message: 'Bad Request' }, cors);
    const match = table.match(method, url.pathname);
    if (!match) return json(404, { message: 'Not Found' }, cors);
    const forwarded = new Request(request);
    // Only the gateway says who the caller is.
    forwarded.headers.delete(GATEWAY_HEADERS.auth);
    if (match.target.scopes && config.auth) {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      const outcome = await authenticate(headers, config.auth, match.target.scopes);
      if (!outcome.ok) {
        const refused = authFailure(outcome);
        return new Response(refused.body, {
          status: refused.status,
          headers: { ...refused.headers, ...cors },
        });
      }
      forwarded.headers.set(GATEWAY_HEADERS.auth, JSON.stringify(outcome.auth));
    }
    forwarded.headers.set(GATEWAY_HEADERS.route, match.routeKey);
    forwarded.headers.set(GATEWAY_HEADERS.params, JSON.stringify(match.params));
    let response: Response;
    try {
      response = await (env[match.target.binding] as Fetcher).fetch(forwarded);
    } catch (error) {
      console.error(`[anycloud] ${config.api} ${match.routeKey} failed:`, error);
      return json(500, { message: 'Internal Server Error' }, cors);
    }
    if (Object.keys(cors).length === 0) return response;
    const withCors = new Response(response.body, response);
    for (const [name, value] of Object.entries(cors)) {
      if (name !== 'vary') withCors.headers.set(name, value);
    }
    if (cors.vary) {
      const vary = response.headers.get('vary');
      withCors.headers.set('vary', addVaryOrigin(vary ? { vary } : {}).vary);
    }
    return withCors;
  },
};

export default gatewayWorker;
