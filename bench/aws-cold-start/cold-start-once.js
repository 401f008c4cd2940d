// One cold start in a fresh Node process, as Lambda does it: load the bundle (module init, the
// runtime host set up), then answer one API Gateway request whose handler reads DynamoDB (the
// SDK client is created lazily on that first call; the endpoint refuses the connection at once,
// so no network time is counted). `node cold-start-once.js <bundle dir>` prints
// {"loadMs", "firstRequestMs", "status"}.
const { performance } = require('node:perf_hooks');
const { join } = require('node:path');

async function main() {
  const start = performance.now();
  const { handler } = require(join(process.argv[2], 'index.js'));
  const loaded = performance.now();
  const result = await handler(
    {
      version: '2.0',
      routeKey: 'GET /items/{id}',
      rawPath: '/items/42',
      rawQueryString: '',
      headers: { host: 'api.example.com' },
      requestContext: { domainName: 'api.example.com', http: { method: 'GET', path: '/items/42' } },
      pathParameters: { id: '42' },
      isBase64Encoded: false,
    },
    { awsRequestId: 'bench' },
  );
  const answered = performance.now();
  process.stdout.write(
    JSON.stringify({ loadMs: loaded - start, firstRequestMs: answered - loaded, status: result.statusCode }),
  );
}

main();
