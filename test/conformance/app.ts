import { join } from 'node:path';
import {
  App,
  Bucket,
  Function,
  HttpApi,
  Queue,
  Schedule,
  Secret,
  Table,
  Topic,
  type JwtAuthOptions,
} from 'anycloud';

const entry = join(__dirname, 'handlers.ts');

/**
 * The values every harness sets in its target's secret store, by secret construct id (set out of
 * band, as a user would): non-ASCII, quotes and a backslash, so no layer may re-encode them.
 */
export const CONFORMANCE_SECRETS: Readonly<Record<string, string>> = {
  ApiKey: 'sk-conformance "é✓" \\ 🔑 end',
};

/** Options of the conformance app. */
export interface ConformanceAppOptions {
  /** The identity provider of the API's protected routes (the auth cases); none: no auth. */
  readonly auth?: JwtAuthOptions;
}

/**
 * The conformance app: one neutral description every target runs unchanged. With `auth`, the
 * API requires tokens from that issuer on its `/secure` routes; every other route is public.
 */
export function conformanceApp(options: ConformanceAppOptions = {}): App {
  const app = new App({ name: 'conformance' });
  const items = new Table(app, 'Items', {
    partitionKey: 'pk',
    sortKey: { name: 'sk', type: 'number' },
    timeToLiveAttribute: 'expiresAt',
  });
  const log = new Table(app, 'Log', { partitionKey: 'source', sortKey: 'id' });
  const catalog = new Table(app, 'Catalog', {
    partitionKey: 'pk',
    sortKey: { name: 'n', type: 'number' },
    timeToLiveAttribute: 'expiresAt',
  });
  const files = new Bucket(app, 'Files');
  const jobs = new Queue(app, 'Jobs');
  const events = new Topic(app, 'Events');
  // Origin-dependent CORS: every answer must carry Vary: Origin.
  const api = new HttpApi(app, 'Api', {
    cors: { allowOrigins: ['https://app.example'] },
    ...(options.auth ? { auth: { jwt: options.auth } } : {}),
  });
  // Every route but /secure is public, with or without auth on the API.
  const route = (key: string, target: Function) => api.route(key, target, { auth: 'none' });
  const fn = (id: string, handler: string) =>
    new Function(app, id, { entry, handler, timeout: '10 seconds' });

  const echo = fn('Echo', 'echo');
  route('GET /echo/{name}', echo);
  route('POST /echo/{name}', echo);
  route('GET /text', fn('Text', 'text'));
  route('GET /boom', fn('Boom', 'boom'));
  route('GET /inspect/{rest+}', fn('Inspect', 'inspect'));
  route('GET /cookies', fn('Cookies', 'cookies'));
  route('GET /gzip', fn('Gzip', 'gzip'));
  route('POST /bytes', fn('ReverseBytes', 'reverseBytes'));
  route('GET /latin1', fn('Latin1', 'latin1'));

  const putItem = fn('PutItem', 'putItem');
  const getItem = fn('GetItem', 'getItem');
  const deleteItem = fn('DeleteItem', 'deleteItem');
  const queryItems = fn('QueryItems', 'queryItems');
  items.grantReadWrite(putItem);
  items.grantRead(getItem);
  items.grantReadWrite(deleteItem);
  items.grantRead(queryItems);
  route('PUT /items/{pk}/{sk}', putItem);
  route('GET /items/{pk}/{sk}', getItem);
  route('DELETE /items/{pk}/{sk}', deleteItem);
  route('GET /items/{pk}', queryItems);

  const putFile = fn('PutFile', 'putFile');
  const getFile = fn('GetFile', 'getFile');
  const listFiles = fn('ListFiles', 'listFiles');
  const deleteFile = fn('DeleteFile', 'deleteFile');
  files.grantWrite(putFile);
  files.grantWrite(deleteFile);
  files.grantRead(getFile);
  files.grantRead(listFiles);
  route('PUT /files/{name+}', putFile);
  route('GET /file/{name}', getFile);
  route('GET /files', listFiles);
  route('DELETE /files/{name+}', deleteFile);

  const putCatalog = fn('PutCatalog', 'putCatalog');
  const scanCatalog = fn('ScanCatalog', 'scanCatalog');
  const limits = fn('Limits', 'limits');
  catalog.grantReadWrite(putCatalog);
  catalog.grantRead(scanCatalog);
  catalog.grantReadWrite(limits);
  route('PUT /catalog/{pk}/{n}', putCatalog);
  route('GET /catalog', scanCatalog);
  route('POST /limits', limits);

  const apiKey = new Secret(app, 'ApiKey', { description: 'the conformance secret' });
  const readSecret = fn('ReadSecret', 'readSecret');
  apiKey.grantRead(readSecret);
  route('GET /secret', readSecret);

  const forbidden = fn('Forbidden', 'forbidden');
  items.grantRead(forbidden);
  route('POST /forbidden', forbidden);

  const readLog = fn('ReadLog', 'readLog');
  log.grantRead(readLog);
  route('GET /log/{source}', readLog);

  const enqueue = fn('Enqueue', 'enqueue');
  jobs.grantSend(enqueue);
  route('POST /jobs', enqueue);
  const worker = fn('Worker', 'worker');
  log.grantReadWrite(worker);
  jobs.subscribe(worker, { batchSize: 5, maxRetries: 2 });

  const publish = fn('Publish', 'publish');
  events.grantPublish(publish);
  route('POST /events', publish);
  for (const [id, handler] of [
    ['SubscriberA', 'subscriberA'],
    ['SubscriberB', 'subscriberB'],
  ]) {
    const subscriber = fn(id, handler);
    log.grantReadWrite(subscriber);
    events.subscribe(subscriber, { maxRetries: 1 });
  }

  const onUpload = fn('OnUpload', 'onUpload');
  log.grantReadWrite(onUpload);
  files.onObjectCreated(onUpload, { prefix: 'uploads/' });
  // Filters and keys with a space, `+`, `%` and non-ASCII (S3 events carry keys URL-encoded).
  const onOddUpload = fn('OnOddUpload', 'onOddUpload');
  log.grantReadWrite(onOddUpload);
  files.onObjectCreated(onOddUpload, { prefix: 'odd dir/é', suffix: '+%.txt' });

  const tick = fn('Tick', 'tick');
  log.grantReadWrite(tick);
  new Schedule(app, 'Every5Minutes', { rate: '5 minutes', target: tick });
  if (options.auth) {
    const whoami = fn('WhoAmI', 'whoami');
    api.route('GET /secure/me', whoami);
    api.route('GET /secure/admin', whoami, { auth: { scopes: ['admin:read'] } });
  }
  return app;
}
