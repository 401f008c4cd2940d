import { app, type HttpMethod, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { InvocationContext, NeutralHandler } from 'anycloud/runtime';
import {
  applyCors,
  authFailure,
  claimsOfValidatedToken,
  corsHeaders,
  decodePath,
  dispatchHttp,
  handlerFor,
  preflightHeaders,
  RouteTable,
  verifiedIdentity,
  type RawHttpRequest,
} from 'anycloud/runtime/host';
import type { AzureRoute, AzureTriggers } from './app-settings';
import { parseSetCookie } from './set-cookie';

/** A JSON answer the shim gives itself (bad path, preflight), with the API's CORS headers. */
function answer(status: number, body: unknown, headers: Record<string, string>): HttpResponseInit {
  return {
    status,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/**
 * Registers one HTTP trigger per route (`authLevel: 'function'`: API Management calls the app
 * with its host key, nobody else can), and one OPTIONS trigger per path when the API has CORS.
 * Routes are matched again by the neutral route table, so path parameters are decoded the same
 * way on every target; the response goes out through the library's HTTP stream (cookies one
 * `Set-Cookie` header each, bodies byte for byte).
 */
export function registerRoutes(
  handler: NeutralHandler,
  triggers: AzureTriggers,
  start: (invocationId: string) => InvocationContext,
): void {
  const table = new RouteTable<AzureRoute>(
    triggers.routes.map((r) => ({ method: r.method, path: r.path, target: r })),
  );
  const cors = triggers.cors;

  triggers.routes.forEach((route, index) => {
    app.http(`route-${index}`, {
      methods: [route.method as HttpMethod],
      route: route.route,
      authLevel: 'function',
      handler: async (request: HttpRequest, invocation): Promise<HttpResponseInit> => {
        const ctx = start(invocation.invocationId);
        const origin = request.headers.get('origin') ?? undefined;
        const url = new URL(request.url);
        const path = decodePath(url.pathname);
        const match = path === undefined ? undefined : table.match(route.method, url.pathname);
        if (path === undefined || !match)
          return answer(400, { message: 'Bad Request' }, corsHeaders(cors, origin));
        const headers: Record<string, string> = {};
        request.headers.forEach((value, name) => (headers[name] = value));
        // A protected route: API Management validated the token; the route's scopes are checked here.
        const outcome = route.scopes
          ? verifiedIdentity(claimsOfValidatedToken(headers), route.scopes)
          : undefined;
        if (outcome && !outcome.ok) {
          const refused = authFailure(outcome);
          return {
            status: refused.status,
            headers: applyCors({ ...refused.headers }, cors, origin),
            body: refused.body,
          };
        }
        const raw: RawHttpRequest = {
          method: request.method,
          url: request.url,
          path,
          route: match.routeKey,
          params: match.params,
          headers,
          body: new Uint8Array(await request.arrayBuffer()),
          ...(outcome?.ok ? { auth: outcome.auth } : {}),
        };
        const http = handlerFor(handler, 'http', `an HTTP request (${route.key})`, `"${ctx.functionPath}"`);
        const encoded = await dispatchHttp(http, raw, ctx);
        return {
          status: encoded.status,
          headers: applyCors({ ...encoded.headers }, cors, origin),
          cookies: encoded.cookies.map(parseSetCookie),
          body: encoded.body,
        };
      },
    });
  });

  if (!cors) return;
  [...new Set(triggers.routes.map((r) => r.route))].forEach((route, index) => {
    app.http(`preflight-${index}`, {
      methods: ['OPTIONS'],
      route,
      authLevel: 'function',
      handler: async (request: HttpRequest): Promise<HttpResponseInit> => {
        const origin = request.headers.get('origin') ?? undefined;
        return answer(204, undefined, preflightHeaders(cors, origin) ?? corsHeaders(cors, undefined));
      },
    });
  });
}
