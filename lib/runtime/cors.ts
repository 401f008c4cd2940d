/** The CORS policy of an HTTP API, as the targets that answer CORS in code apply it. */
export interface CorsPolicy {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAgeSeconds: number;
}

/**
 * True when answers under `cors` depend on the request's `Origin` (an origin list, or `*` with
 * credentials, which echoes the origin): every response then carries `Vary: Origin`, allowed
 * origin or not, so a shared cache never serves one origin's answer to another (Fetch standard,
 * "CORS protocol and HTTP caches").
 */
export function corsVariesByOrigin(cors: CorsPolicy | undefined): boolean {
  return !!cors && !(cors.allowOrigins.includes('*') && !cors.allowCredentials);
}

/** True when `origin` may read answers under `cors`. */
export function corsAllows(cors: CorsPolicy | undefined, origin: string | undefined): boolean {
  return !!cors && !!origin && (cors.allowOrigins.includes('*') || cors.allowOrigins.includes(origin));
}

/**
 * Headers answering a request from `origin` under `cors`: the CORS headers when the origin is
 * allowed, and `vary: origin` on every answer of a policy that depends on the origin.
 */
export function corsHeaders(
  cors: CorsPolicy | undefined,
  origin: string | undefined,
): Record<string, string> {
  const vary: Record<string, string> = corsVariesByOrigin(cors) ? { vary: 'origin' } : {};
  if (!cors || !corsAllows(cors, origin)) return vary;
  return {
    'access-control-allow-origin': cors.allowOrigins.includes('*') && !cors.allowCredentials ? '*' : origin!,
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    ...(cors.exposeHeaders.length ? { 'access-control-expose-headers': cors.exposeHeaders.join(',') } : {}),
    ...vary,
  };
}

/**
 * Adds the CORS answer for `origin` to `headers` (lower-case names) in place; `origin` is
 * appended to a `vary` the handler set instead of replacing it.
 */
export function applyCors(
  headers: Record<string, string>,
  cors: CorsPolicy | undefined,
  origin: string | undefined,
): Record<string, string> {
  for (const [name, value] of Object.entries(corsHeaders(cors, origin))) {
    if (name === 'vary') addVaryOrigin(headers);
    else headers[name] = value;
  }
  return headers;
}

/** Headers of a preflight answer, or undefined when the origin is not allowed (answer 204 without them). */
export function preflightHeaders(
  cors: CorsPolicy | undefined,
  origin: string | undefined,
): Record<string, string> | undefined {
  if (!corsAllows(cors, origin)) return undefined;
  const headers = corsHeaders(cors, origin);
  return {
    ...headers,
    'access-control-allow-methods': cors!.allowMethods.join(','),
    'access-control-allow-headers': cors!.allowHeaders.join(','),
    'access-control-max-age': String(cors!.maxAgeSeconds),
  };
}

/** Adds `origin` to `headers.vary` in place, keeping what the handler listed (nothing to add after `*`). */
export function addVaryOrigin(headers: Record<string, string>): Record<string, string> {
  const existing = headers.vary;
  const names = (existing ?? '').split(',').map((n) => n.trim().toLowerCase());
  if (!names.includes('origin') && !names.includes('*'))
    headers.vary = existing ? `${existing}, origin` : 'origin';
  return headers;
}
