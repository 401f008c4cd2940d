import type { Function, HttpApi } from 'anycloud';

/** A backend of the OpenAPI document: the function's URL and its timeout. */
export interface OpenApiBackend {
  readonly url: string;
  readonly timeoutSeconds: number;
}

/** The neutral path as an API Gateway path template: `{p}` stays, a greedy `{p+}` becomes `{p=**}`. */
export function gatewayPath(path: string): string {
  return path.replace(/\{([^}]+)\+\}/g, '{$1=**}');
}

/** The names of a neutral path's parameters. */
function parameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
}

/** The name of the JWT security definition in the document. */
export const SECURITY_NAME = 'anycloud_jwt';

/** An operation id API Gateway accepts (unique per document): method and path, `[A-Za-z0-9_]`. */
function operationId(method: string, path: string): string {
  return `${method.toLowerCase()}_${path
    .replace(/[{}+]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')}`.slice(0, 200);
}

/**
 * The OpenAPI 2.0 document of an HttpApi for API Gateway (which takes 2.0 only): one path per
 * route path, one operation per method, each sent to its function with `x-google-backend`
 * (`APPEND_PATH_TO_ADDRESS`, so the function sees the original path; a Google-signed token
 * whose audience is the function URL; the deadline is the function's timeout). With CORS, an
 * `OPTIONS` operation per path goes to the function of the path's first route, which answers
 * the preflight. With auth, a JWT security definition (`x-google-issuer`, `x-google-jwks_uri`,
 * `x-google-audiences`) guards the protected operations: API Gateway refuses a bad token and
 * passes the verified claims to the function, which checks the route's scopes.
 */
export function openApiDocument(
  api: HttpApi,
  backends: ReadonlyMap<Function, OpenApiBackend>,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const operation = (method: string, path: string, fn: Function, secured = false) => {
    const backend = backends.get(fn)!;
    return {
      operationId: operationId(method, path),
      ...(secured ? { security: [{ [SECURITY_NAME]: [] }] } : {}),
      summary: `${method} ${path} → ${fn.node.path}`,
      parameters: parameterNames(path).map((name) => ({ name, in: 'path', required: true, type: 'string' })),
      'x-google-backend': {
        address: backend.url,
        path_translation: 'APPEND_PATH_TO_ADDRESS',
        jwt_audience: backend.url,
        deadline: backend.timeoutSeconds,
      },
      responses: { default: { description: 'The function’s response' } },
    };
  };
  for (const route of api.routes) {
    const { method, path } = route.key;
    const key = gatewayPath(path);
    paths[key] ??= {};
    paths[key][method.toLowerCase()] = operation(
      method,
      path,
      route.target,
      route.auth.kind === 'jwt' && !!api.auth,
    );
  }
  if (api.cors) {
    for (const route of api.routes) {
      const key = gatewayPath(route.key.path);
      paths[key].options ??= operation('OPTIONS', route.key.path, route.target);
    }
  }
  const sorted = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((p) => [
        p,
        Object.fromEntries(
          Object.keys(paths[p])
            .sort()
            .map((m) => [m, paths[p][m]]),
        ),
      ]),
  );
  return {
    swagger: '2.0',
    info: { title: api.node.path, version: '1.0.0' },
    schemes: ['https'],
    produces: ['application/json'],
    ...(api.auth
      ? {
          securityDefinitions: {
            [SECURITY_NAME]: {
              type: 'oauth2',
              flow: 'implicit',
              authorizationUrl: '',
              'x-google-issuer': api.auth.issuer,
              'x-google-jwks_uri': api.auth.jwksUrl,
              'x-google-audiences': api.auth.audience.join(','),
            },
          },
        }
      : {}),
    paths: sorted,
  };
}
