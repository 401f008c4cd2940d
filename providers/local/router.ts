import type { HttpApi, Route } from 'anycloud';

/** A matched route: the API and route, with its path parameters decoded. */
export interface RouteMatch {
  readonly api: HttpApi;
  readonly route: Route;
  readonly params: Record<string, string>;
  /** The route as written, e.g. `GET /orders/{id}`. */
  readonly routeKey: string;
}

interface Entry {
  readonly api: HttpApi;
  readonly route: Route;
  readonly segments: string[];
  readonly routeKey: string;
}

/**
 * Routes requests the way API Gateway does: literal segments beat parameters, parameters
 * beat a greedy `{name+}`, a method beats `ANY`.
 */
export class Router {
  private readonly entries: Entry[];

  constructor(apis: readonly HttpApi[]) {
    this.entries = apis.flatMap((api) =>
      api.routes.map((route) => ({
        api,
        route,
        segments: route.key.path === '/' ? [] : route.key.path.slice(1).split('/'),
        routeKey: `${route.key.method} ${route.key.path}`,
      })),
    );
  }

  /** Every route, for the dev console. */
  get routes(): readonly { api: HttpApi; route: Route }[] {
    return this.entries;
  }

  /** True when some route has this path (under any method), for 405-free CORS preflights. */
  match(method: string, path: string): RouteMatch | undefined {
    const segments = path === '/' ? [] : path.slice(1).split('/');
    let best: { match: RouteMatch; score: number } | undefined;
    for (const entry of this.entries) {
      const m = entry.route.key.method;
      if (m !== method && m !== 'ANY') continue;
      const params: Record<string, string> = {};
      let score = m === 'ANY' ? 0 : 1;
      let ok = true;
      let greedy = false;
      for (let i = 0; i < entry.segments.length && ok; i++) {
        const s = entry.segments[i];
        if (s.endsWith('+}')) {
          greedy = true;
          ok = segments.length > i && segments.slice(i).every((x) => x !== '');
          if (ok) params[s.slice(1, -2)] = decodeURIComponent(segments.slice(i).join('/'));
          break;
        }
        if (s.startsWith('{')) {
          ok = segments[i] !== undefined && segments[i] !== '';
          if (ok) params[s.slice(1, -1)] = decodeURIComponent(segments[i]);
          score += 10;
        } else {
          ok = segments[i] === s;
          score += 100;
        }
      }
      if (!ok || (!greedy && segments.length !== entry.segments.length)) continue;
      if (greedy) score = score / 2;
      if (!best || score > best.score)
        best = { match: { api: entry.api, route: entry.route, params, routeKey: entry.routeKey }, score };
    }
    return best?.match;
  }
}
