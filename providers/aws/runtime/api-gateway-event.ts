import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RequestAuth } from 'anycloud/runtime';
import { addVaryOrigin, type EncodedHttpResponse, type RawHttpRequest } from 'anycloud/runtime/host';

/**
 * The identity API Gateway's JWT authorizer verified (`requestContext.authorizer.jwt`: claims as
 * strings, the token's scopes), or none on a public route.
 */
export function authOfEvent(event: APIGatewayProxyEventV2): RequestAuth | undefined {
  const jwt = (
    event.requestContext as {
      authorizer?: { jwt?: { claims?: Record<string, unknown>; scopes?: string[] | null } };
    }
  ).authorizer?.jwt;
  if (!jwt?.claims) return undefined;
  const claims = jwt.claims;
  const scopes =
    jwt.scopes ?? (typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : []);
  return { ...(typeof claims.sub === 'string' ? { sub: claims.sub } : {}), scopes, claims };
}

/**
 * Reads an API Gateway HTTP API (payload 2.0) event into a raw neutral request. The query is read
 * from `rawQueryString`: `queryStringParameters` joins repeated keys with commas, which cannot be
 * told from a comma inside a value (`?q=Paris%2C%20France`). `rawPath` is already decoded by API
 * Gateway, so the URL re-encodes it.
 */
export function fromApiGatewayEvent(event: APIGatewayProxyEventV2): RawHttpRequest {
  const headers: Record<string, string> = { ...(event.headers as Record<string, string>) };
  if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
  const body = event.body
    ? event.isBase64Encoded
      ? new Uint8Array(Buffer.from(event.body, 'base64'))
      : new TextEncoder().encode(event.body)
    : new Uint8Array();
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    if (value !== undefined) params[name] = value;
  }
  const host = event.requestContext.domainName ?? headers.host ?? 'localhost';
  const proto = headers['x-forwarded-proto'] ?? 'https';
  const search = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const auth = authOfEvent(event);
  return {
    method: event.requestContext.http.method,
    url: `${proto}://${host}${encodeURI(event.rawPath)}${search}`,
    path: event.rawPath,
    route: event.routeKey,
    params,
    headers,
    body,
    ...(auth ? { auth } : {}),
  };
}

const TEXTUAL = /^(text\/|application\/(json|xml|javascript)|[^;]*\+json|[^;]*\+xml)/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as API Gateway must carry it: plain text only when the bytes are UTF-8 text sent
 * as is (a textual type, no charset but UTF-8, no content encoding such as gzip, valid UTF-8);
 * base64 otherwise, so compressed, binary and other-charset bodies reach the client unchanged.
 */
function encodeBody(
  body: string | Uint8Array,
  headers: Record<string, string>,
): { body: string; isBase64Encoded: boolean } {
  if (typeof body === 'string') return { body, isBase64Encoded: false };
  const type = headers['content-type'] ?? '';
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (
    TEXTUAL.test(type) &&
    (!charset || charset === 'utf-8' || charset === 'utf8') &&
    encoding === 'identity'
  ) {
    try {
      return { body: strictUtf8.decode(body), isBase64Encoded: false };
    } catch {
      // not UTF-8 after all: send the bytes
    }
  }
  return { body: Buffer.from(body).toString('base64'), isBase64Encoded: true };
}

/**
 * Encodes a neutral response as an API Gateway HTTP API (payload 2.0) result: cookies in
 * `cookies` (one `Set-Cookie` each), `vary: origin` added when the API's CORS depends on the origin.
 */
export function toApiGatewayResult(
  response: EncodedHttpResponse,
  varyOrigin = false,
): APIGatewayProxyStructuredResultV2 {
  const headers = varyOrigin ? addVaryOrigin(response.headers) : response.headers;
  return {
    statusCode: response.status,
    headers,
    cookies: response.cookies.length > 0 ? [...response.cookies] : undefined,
    ...encodeBody(response.body, headers),
  };
}
