/** One route of a {@link RouteTable}: method (or `ANY`), path as written, and what it leads to. */
export interface RouteEntry<T> {
  readonly method: string;
  /** The path as written, e.g. `/orders/{id}` or `/files/{key+}`. */
  readonly path: string;
  readonly target: T;
}

/** A matched route: its target, the route as written and the decoded path parameters. */
export interface RouteTableMatch<T> {
  readonly target: T;
  /** The route as written, e.g. `GET /orders/{id}`. */
  readonly routeKey: string;
  readonly params: Record<string, string>;
}

interface CompiledEntry<T> {
  readonly method: string;
  readonly segments: readonly string[];
  readonly routeKey: string;
  readonly target: T;
}

/**
 * Routes requests the way API Gateway does, on every target that routes in code (the local
 * server, the Cloudflare gateway Worker): literal segments beat parameters, parameters beat
 * a greedy `{name+}`, a method beats `ANY`.
 */
export class RouteTable<T> {
  private readonly entries: CompiledEntry<T>[];

  constructor(entries: readonly RouteEntry<T>[]) {
    this.entries = entries.map((e) => ({
      method: e.method,
      segments: e.path === '/' ? [] : e.path.slice(1).split('/'),
      routeKey: `${e.method} ${e.path}`,
      target: e.target,
    }));
  }

  /** The best route for `method` and `path`, or undefined. */
  match(method: string, path: string): RouteTableMatch<T> | undefined {
    const segments = path === '/' ? [] : path.slice(1).split('/');
    let best: { match: RouteTableMatch<T>; score: number } | undefined;
    for (const entry of this.entries) {
      if (entry.method !== method && entry.method !== 'ANY') continue;
      const params: Record<string, string> = {};
      let score = entry.method === 'ANY' ? 0 : 1;
      let ok = true;
      let greedy = false;
      for (let i = 0; i < entry.segments.length && ok; i++) {
        const s = entry.segments[i];
        if (s.endsWith('+}')) {
          greedy = true;
          ok = segments.length > i && segments.slice(i).every((x) => x !== '');
          if (ok) params[s.slice(1, -2)] = safeDecode(segments.slice(i).join('/'));
          break;
        }
        if (s.startsWith('{')) {
          ok = segments[i] !== undefined && segments[i] !== '';
          if (ok) params[s.slice(1, -1)] = safeDecode(segments[i]);
          score += 10;
        } else {
          ok = segments[i] === s;
          score += 100;
        }
      }
      if (!ok || (!greedy && segments.length !== entry.segments.length)) continue;
      if (greedy) score = score / 2;
      if (!best || score > best.score)
        best = { match: { target: entry.target, routeKey: entry.routeKey, params }, score };
    }
    return best?.match;
  }
}

/**
 * A request path percent-decoded, as handlers see it (`/files/a%20b` → `/files/a b`), or
 * undefined when its percent-encoding is malformed (`/orders/%zz%`): answer 400.
 */
export function decodePath(path: string): string | undefined {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
