/** The CORS policy of an HTTP API, as the targets that answer CORS in code apply it. */
export interface CorsPolicy {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAgeSeconds: number;
}

/** Headers answering a request from `origin` under `cors`; empty when the origin is not allowed. */
export function corsHeaders(
  cors: CorsPolicy | undefined,
  origin: string | undefined,
): Record<string, string> {
  if (!cors || !origin || !(cors.allowOrigins.includes('*') || cors.allowOrigins.includes(origin))) return {};
  return {
    'access-control-allow-origin': cors.allowOrigins.includes('*') && !cors.allowCredentials ? '*' : origin,
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    ...(cors.exposeHeaders.length ? { 'access-control-expose-headers': cors.exposeHeaders.join(',') } : {}),
    vary: 'origin',
  };
}

/** Headers of a preflight answer, or undefined when the origin is not allowed (answer 204 without them). */
export function preflightHeaders(
  cors: CorsPolicy | undefined,
  origin: string | undefined,
): Record<string, string> | undefined {
  const headers = corsHeaders(cors, origin);
  if (!cors || !headers['access-control-allow-origin']) return undefined;
  return {
    ...headers,
    'access-control-allow-methods': cors.allowMethods.join(','),
    'access-control-allow-headers': cors.allowHeaders.join(','),
    'access-control-max-age': String(cors.maxAgeSeconds),
  };
}
