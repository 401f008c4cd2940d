import { gunzipSync, gzipSync } from 'node:zlib';
import { AccessError, http, messages, objectEvent, schedule, table } from 'anycloud/runtime';
import { createLambdaHandler } from '../../../providers/aws/runtime/lambda-handler';

/** A real API Gateway HTTP API (payload 2.0) event, as Lambda receives it. */
function apiGatewayEvent(overrides: Record<string, unknown> = {}) {
  return {
    version: '2.0',
    routeKey: 'POST /orders/{id}',
    rawPath: '/orders/42',
    rawQueryString: 'expand=items&tag=a&tag=b',
    cookies: ['session=abc', 'theme=dark'],
    headers: {
      accept: 'application/json',
      'content-length': '15',
      'content-type': 'application/json',
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      'x-amzn-trace-id': 'Root=1-65f0c0de-1234567890abcdef01234567',
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    queryStringParameters: { expand: 'items', tag: 'a,b' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'POST',
        path: '/orders/42',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.9',
        userAgent: 'curl/8.5.0',
      },
      requestId: 'Jd8mPjpUjoEEMqw=',
      routeKey: 'POST /orders/{id}',
      stage: '$default',
      time: '12/Mar/2026:19:03:58 +0000',
      timeEpoch: 1773342238000,
    },
    pathParameters: { id: '42' },
    body: '{"quantity": 3}',
    isBase64Encoded: false,
    ...overrides,
  };
}

const context = { awsRequestId: 'req-1' };

function withEnv<T>(env: Record<string, string>, fn: () => T): T {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return fn();
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('AWS Lambda shim', () => {
  test('turns an HTTP API event into the neutral request and the response into payload 2.0', async () => {
    let seen: unknown;
    const handler = withEnv({ ANYCLOUD_FUNCTION: 'shop/Orders' }, () =>
      createLambdaHandler(
        http(async (request, ctx) => {
          seen = { ...request, body: await request.json(), ctx };
          return { status: 201, headers: { 'Set-Cookie': 'a=1', 'X-Id': '42' }, json: { ok: true } };
        }),
        {},
      ),
    );
    const result = await handler(apiGatewayEvent() as never, context as never);
    expect(seen).toMatchObject({
      method: 'POST',
      path: '/orders/42',
      route: 'POST /orders/{id}',
      params: { id: '42' },
      query: { expand: 'items', tag: 'b' },
      headers: expect.objectContaining({
        'content-type': 'application/json',
        cookie: 'session=abc; theme=dark',
      }),
      body: { quantity: 3 },
      ctx: { functionPath: 'shop/Orders', invocationId: 'req-1' },
    });
    expect(result).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json', 'x-id': '42' },
      cookies: ['a=1'],
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
  });

  test('decodes base64 request bodies and base64-encodes binary responses', async () => {
    const handler = createLambdaHandler(
      http(async (request) => ({ headers: { 'content-type': 'image/png' }, body: await request.bytes() })),
      {},
    );
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const result = (await handler(
      apiGatewayEvent({ body: bytes.toString('base64'), isBase64Encoded: true }) as never,
      context as never,
    )) as { body: string; isBase64Encoded: boolean };
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, 'base64')).toEqual(bytes);
  });

  test('reads the query from rawQueryString: a comma inside a value survives (API Gateway joins repeats with commas)', async () => {
    let seen: { query: unknown; url: string; tags: string[] } | undefined;
    const handler = createLambdaHandler(
      http((request) => {
        seen = {
          query: request.query,
          url: request.url,
          tags: new URL(request.url).searchParams.getAll('tag'),
        };
        return { status: 204 };
      }),
      {},
    );
    // What API Gateway sends for GET /search/caf%C3%A9?q=Paris%2C%20France&tag=a&tag=b&plus=a+b
    await handler(
      apiGatewayEvent({
        routeKey: 'GET /search/{term}',
        rawPath: '/search/café',
        rawQueryString: 'q=Paris%2C%20France&tag=a&tag=b&plus=a+b',
        queryStringParameters: { q: 'Paris, France', tag: 'a,b', plus: 'a b' },
        pathParameters: { term: 'café' },
        body: undefined,
      }) as never,
      context as never,
    );
    expect(seen).toEqual({
      query: { q: 'Paris, France', tag: 'b', plus: 'a b' },
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/search/caf%C3%A9?q=Paris%2C%20France&tag=a&tag=b&plus=a+b',
      tags: ['a', 'b'],
    });
  });

  test('sends every cookie, and base64 for bytes that are not plain UTF-8 text (gzip, other charsets)', async () => {
    const gzipped = gzipSync(Buffer.from('{"big":true}'));
    const respond = (response: object) =>
      createLambdaHandler(
        http(() => response),
        {},
      )(apiGatewayEvent() as never, context as never) as Promise<{
        cookies?: string[];
        body: string;
        isBase64Encoded: boolean;
        headers: Record<string, string>;
      }>;
    const cookies = await respond({ cookies: ['a=1; HttpOnly', 'b=2'], headers: { 'set-cookie': 'c=3' } });
    expect(cookies.cookies).toEqual(['c=3', 'a=1; HttpOnly', 'b=2']);
    expect(cookies.headers['set-cookie']).toBeUndefined();

    const gzip = await respond({
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: new Uint8Array(gzipped),
    });
    expect(gzip.isBase64Encoded).toBe(true);
    expect(gunzipSync(Buffer.from(gzip.body, 'base64')).toString()).toBe('{"big":true}');

    const latin1 = await respond({
      headers: { 'content-type': 'text/plain; charset=iso-8859-1' },
      body: new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
    });
    expect(latin1.isBase64Encoded).toBe(true);
    expect([...Buffer.from(latin1.body, 'base64')]).toEqual([0x63, 0x61, 0x66, 0xe9]);

    const notUtf8 = await respond({
      headers: { 'content-type': 'text/plain' },
      body: new Uint8Array([0xff, 0xfe]),
    });
    expect(notUtf8.isBase64Encoded).toBe(true);

    const utf8 = await respond({
      headers: { 'content-type': 'text/csv' },
      body: new TextEncoder().encode('é,1'),
    });
    expect(utf8).toMatchObject({ body: 'é,1', isBase64Encoded: false });
  });

  test('adds Vary: Origin to every response when the API answers CORS per origin', async () => {
    const handler = withEnv({ ANYCLOUD_CORS_VARY: '1' }, () =>
      createLambdaHandler(
        http((request) => ({
          headers: request.query.vary ? { vary: 'Accept-Encoding' } : ({} as Record<string, string>),
          body: 'x',
        })),
        {},
      ),
    );
    const plain = (await handler(apiGatewayEvent() as never, context as never)) as {
      headers: Record<string, string>;
    };
    expect(plain.headers.vary).toBe('origin');
    const merged = (await handler(
      apiGatewayEvent({ rawQueryString: 'vary=1' }) as never,
      context as never,
    )) as { headers: Record<string, string> };
    expect(merged.headers.vary).toBe('Accept-Encoding, origin');
  });

  test('reports only the failed messages of an SQS batch (ReportBatchItemFailures)', async () => {
    const seen: unknown[] = [];
    const handler = withEnv(
      {
        ANYCLOUD_SOURCES: JSON.stringify({
          'arn:aws:sqs:eu-west-1:123456789012:shop-dev-Jobs-1a2b3c4d': { kind: 'queue', id: 'Jobs' },
        }),
      },
      () =>
        createLambdaHandler(
          messages<{ n: number }>(async (message) => {
            seen.push({
              id: message.id,
              body: message.body,
              attempt: message.attempt,
              source: message.source,
            });
            if (message.body.n === 2) throw new Error('bad message');
          }),
          {},
        ),
    );
    const record = (id: string, n: number, receiveCount: string) => ({
      messageId: id,
      receiptHandle: `AQEB${id}`,
      body: JSON.stringify({ n }),
      attributes: {
        ApproximateReceiveCount: receiveCount,
        SentTimestamp: '1773342238000',
        SenderId: 'AROAEXAMPLE:shop-dev-CreateOrder',
        ApproximateFirstReceiveTimestamp: '1773342238010',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:shop-dev-Jobs-1a2b3c4d',
      awsRegion: 'eu-west-1',
    });
    const result = await handler(
      { Records: [record('m1', 1, '1'), record('m2', 2, '3'), record('m3', 3, '1')] } as never,
      context as never,
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(seen).toEqual([
      { id: 'm1', body: { n: 1 }, attempt: 1, source: { kind: 'queue', id: 'Jobs' } },
      { id: 'm2', body: { n: 2 }, attempt: 3, source: { kind: 'queue', id: 'Jobs' } },
      { id: 'm3', body: { n: 3 }, attempt: 1, source: { kind: 'queue', id: 'Jobs' } },
    ]);
  });

  test('an SNS record that fails makes the invocation fail, so Lambda retries it and then dead-letters it', async () => {
    const handler = createLambdaHandler(
      messages<string>(async (message) => {
        if (message.body === 'plain text fails') throw new Error('no');
      }),
      {},
    );
    const sns = (message: string) => ({
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn:
            'arn:aws:sns:eu-west-1:123456789012:shop-dev-Events-1a2b3c4d:5f1c5c1e-4a6b-4a2b-9c1d-0123456789ab',
          Sns: {
            Type: 'Notification',
            MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
            TopicArn: 'arn:aws:sns:eu-west-1:123456789012:shop-dev-Events-1a2b3c4d',
            Subject: null,
            Message: message,
            Timestamp: '2026-03-12T19:03:58.000Z',
            SignatureVersion: '1',
            MessageAttributes: {},
          },
        },
      ],
    });
    await expect(handler(sns('"fine"') as never, context as never)).resolves.toBeUndefined();
    await expect(handler(sns('plain text fails') as never, context as never)).rejects.toThrow(
      '1 topic message(s) failed',
    );
  });

  test('S3 object events arrive through EventBridge with the bucket construct id and the key decoded (S3 URL-encodes it)', async () => {
    let seen: unknown;
    const handler = withEnv(
      { ANYCLOUD_SOURCES: JSON.stringify({ 'shop-dev-images-x1y2': { kind: 'bucket', id: 'Images' } }) },
      () =>
        createLambdaHandler(
          objectEvent(async (event) => {
            seen = event;
          }),
          {},
        ),
    );
    await handler(
      {
        version: '0',
        id: '17793124-05d4-b198-2fde-7ededc63b103',
        'detail-type': 'Object Created',
        source: 'aws.s3',
        account: '123456789012',
        time: '2026-03-12T19:03:58Z',
        region: 'eu-west-1',
        resources: ['arn:aws:s3:::shop-dev-images-x1y2'],
        detail: {
          version: '0',
          bucket: { name: 'shop-dev-images-x1y2' },
          object: {
            key: 'images/2026/a+b+%2B+100%25+%C3%A9t%C3%A9.png',
            size: 5,
            etag: 'b1946ac92492d2347c6235b4d2611184',
            sequencer: '617f08299329d189',
          },
          'request-id': 'N4N7GDK58NMKJ12R',
          requester: '123456789012',
          'source-ip-address': '1.2.3.4',
          reason: 'PutObject',
        },
      } as never,
      context as never,
    );
    expect(seen).toEqual({
      type: 'created',
      bucket: 'Images',
      key: 'images/2026/a b + 100% été.png',
      size: 5,
      time: '2026-03-12T19:03:58Z',
    });
  });

  test('a schedule payload from EventBridge Scheduler runs a schedule() handler', async () => {
    let seen: unknown;
    const handler = createLambdaHandler(
      schedule(async (event) => {
        seen = event;
      }),
      {},
    );
    await handler(
      { anycloud: 'schedule', scheduleId: 'Nightly', time: '2026-03-12T02:00:00Z' } as never,
      context as never,
    );
    expect(seen).toEqual({ scheduleId: 'Nightly', time: '2026-03-12T02:00:00Z' });
  });

  test('a handler of the wrong kind for its trigger fails clearly', async () => {
    const handler = createLambdaHandler(
      schedule(() => undefined),
      {},
    );
    await expect(handler(apiGatewayEvent() as never, context as never)).rejects.toThrow(
      'received an HTTP request (POST /orders/{id}), but its handler is made with schedule(); export http(...)',
    );
    await expect(handler({ unknown: true } as never, context as never)).rejects.toThrow(
      'received an event it does not recognise',
    );
  });

  test('an export that is not a neutral handler is refused at cold start', () => {
    expect(() => createLambdaHandler(async () => 'raw lambda', {})).toThrow(
      'is not made with http(), schedule(), objectEvent() or messages()',
    );
  });

  test('a client for a resource without a grant fails with an AccessError naming the grant', async () => {
    let caught: unknown;
    const handler = withEnv(
      {
        ANYCLOUD_FUNCTION: 'shop/ListOrders',
        ANYCLOUD_BINDINGS: JSON.stringify({
          Orders: {
            kind: 'table',
            access: 'read',
            name: 'shop-dev-Orders-1a2b3c4d',
            partitionKey: { name: 'pk', type: 'string' },
          },
        }),
      },
      () =>
        createLambdaHandler(
          schedule(async () => {
            try {
              table('Customers');
            } catch (error) {
              caught = error;
            }
          }),
          { table: () => ({}) as never },
        ),
    );
    await handler({ anycloud: 'schedule', scheduleId: 'S', time: 't' } as never, context as never);
    expect(caught).toBeInstanceOf(AccessError);
    expect((caught as Error).message).toBe(
      'function "shop/ListOrders" has no grant on table "Customers": add Customers.grantRead(fn) or Customers.grantReadWrite(fn) to the app',
    );
  });
});
