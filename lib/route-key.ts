/** HTTP methods a route can match; `ANY` matches all. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ANY';

/** A parsed route key such as `GET /orders/{id}`. */
export interface RouteKey {
  readonly method: HttpMethod;
  /** The path as written, e.g. `/orders/{id}`. */
  readonly path: string;
  /** Names of the path parameters, in order. */
  readonly params: readonly string[];
  /** True when the last segment is a greedy `{name+}` parameter. */
  readonly greedy: boolean;
  /** The path with parameter names erased (`/orders/{}`), to detect routes that collide. */
  readonly shape: string;
}

const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];
const LITERAL = /^[A-Za-z0-9._~-]+$/;
const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;

/** Parses `'METHOD /path/{param}'`; returns an error sentence instead when it is not one. */
export function parseRouteKey(value: unknown): RouteKey | string {
  if (typeof value !== 'string') return 'route must be a string like "GET /orders/{id}"';
  const match = /^([A-Z]+) (\/.*)$/.exec(value);
  if (!match) return 'route must be "METHOD /path", e.g. "GET /orders/{id}"';
  const [, method, path] = match;
  if (!METHODS.includes(method)) return `method must be one of ${METHODS.join(', ')}`;
  if (path.length > 512) return 'path must be at most 512 characters';
  const params: string[] = [];
  let greedy = false;
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const shape: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const param = PARAM.exec(segment);
    if (param) {
      if (params.includes(param[1])) return `path parameter {${param[1]}} appears twice`;
      if (param[2] === '+' && index !== segments.length - 1)
        return 'a greedy {name+} parameter must be the last segment';
      params.push(param[1]);
      greedy = param[2] === '+';
      shape.push(greedy ? '{+}' : '{}');
    } else if (LITERAL.test(segment)) {
      shape.push(segment);
    } else {
      return `path segment "${segment}" must be letters, digits, ". _ ~ -" or a {param}`;
    }
  }
  return { method: method as HttpMethod, path, params, greedy, shape: `/${shape.join('/')}` };
}
