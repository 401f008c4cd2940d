import type { Route } from 'anycloud';

/** An example value for a path parameter: `{id}` → `id-1`, a greedy `{key+}` → `key/1`. */
function sampleValue(segment: string): string {
  const name = segment.slice(1, -1).replace(/\+$/, '');
  return segment.endsWith('+}') ? `${name}/1` : `${name}-1`;
}

/**
 * Sample `curl` commands for the dev banner, made from the app's own routes: one for the first
 * route without a body (GET, HEAD, DELETE, ANY) and one for the first that takes one (POST, PUT,
 * PATCH), path parameters filled with example values, with `token` on protected routes. Empty
 * when the app has no routes.
 */
export function sampleRequests(
  routes: readonly { route: Route }[],
  baseUrl: string,
  /** A token to send to protected routes (the dev server's local issuer signs it). */
  token?: string,
): string[] {
  const auth = (route: Route) =>
    route.auth.kind === 'jwt' && token ? ` -H 'authorization: Bearer ${token}'` : '';
  const url = (route: Route) =>
    `${baseUrl}${route.key.path.replace(/\{[^}]+\}/g, (segment) => encodeURI(sampleValue(segment)))}`;
  const samples: string[] = [];
  const read = routes.find(({ route }) => !['POST', 'PUT', 'PATCH'].includes(route.key.method));
  if (read) {
    const method = read.route.key.method === 'ANY' ? 'GET' : read.route.key.method;
    samples.push(`curl -s${method === 'GET' ? '' : ` -X ${method}`} '${url(read.route)}'${auth(read.route)}`);
  }
  const write = routes.find(({ route }) => ['POST', 'PUT', 'PATCH'].includes(route.key.method));
  if (write)
    samples.push(
      `curl -s -X ${write.route.key.method} '${url(write.route)}' -H 'content-type: application/json'${auth(write.route)} -d '{}'`,
    );
  return samples;
}
