import type { HttpApi, Route } from 'anycloud';
import { RouteTable, type CorsPolicy } from 'anycloud/runtime/host';

/** A matched route: the API and route, with its path parameters decoded. */
export interface RouteMatch {
  readonly api: HttpApi;
  readonly route: Route;
  readonly params: Record<string, string>;
  /** The route as written, e.g. `GET /orders/{id}`. */
  readonly routeKey: string;
}

/** Routes requests to every API's routes with the shared {@link RouteTable} (API Gateway's rules). */
export class Router {
  private readonly table: RouteTable<{ api: HttpApi; route: Route }>;
  /** Every route, for the dev console. */
  readonly routes: readonly { api: HttpApi; route: Route }[];

  constructor(apis: readonly HttpApi[]) {
    this.routes = apis.flatMap((api) => api.routes.map((route) => ({ api, route })));
    this.table = new RouteTable(
      this.routes.map((target) => ({ method: target.route.key.method, path: target.route.key.path, target })),
    );
  }

  /**
   * The CORS policy of the API that `path` belongs to, for answers no route gives (404, refused
   * preflight): the only API's, or the API with a route on that path for some method.
   */
  corsFor(path: string): CorsPolicy | undefined {
    const apis = new Set(this.routes.map((r) => r.api));
    if (apis.size === 1) return [...apis][0].cors;
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) {
      const m = this.table.match(method, path);
      if (m) return m.target.api.cors;
    }
    return undefined;
  }

  /** The route answering `method` and `path`, if any. */
  match(method: string, path: string): RouteMatch | undefined {
    const m = this.table.match(method, path);
    return m && { api: m.target.api, route: m.target.route, params: m.params, routeKey: m.routeKey };
  }
}
