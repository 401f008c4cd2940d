import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { EncodedHttpResponse, RawHttpRequest } from 'anycloud/runtime/host';

/** Reads an API Gateway HTTP API (payload 2.0) event into a raw neutral request. */
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
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    // API Gateway joins repeated parameters with commas; the neutral query keeps the last one.
    if (value !== undefined) query[name] = value.split(',').pop() ?? value;
  }
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    route: event.routeKey,
    params,
    query,
    headers,
    body,
  };
}

const TEXTUAL = /^(text\/|application\/(json|xml|javascript)|[^;]*\+json|[^;]*\+xml)/;

/** Encodes a neutral response as an API Gateway HTTP API (payload 2.0) result. */
export function toApiGatewayResult(response: EncodedHttpResponse): APIGatewayProxyStructuredResultV2 {
  const { 'set-cookie': cookie, ...headers } = response.headers;
  const textual = TEXTUAL.test(headers['content-type'] ?? 'text/plain');
  return {
    statusCode: response.status,
    headers,
    cookies: cookie ? [cookie] : undefined,
    body:
      typeof response.body === 'string'
        ? response.body
        : textual
          ? new TextDecoder().decode(response.body)
          : Buffer.from(response.body).toString('base64'),
    isBase64Encoded: typeof response.body !== 'string' && !textual,
  };
}
