import { App, Bucket, Function, HttpApi, Queue, Schedule, Table, Topic } from 'anycloud';
import { CONFORMANCE_HANDLERS } from '../support/target-issues';

/**
 * An app built to make every target degrade everything it can degrade: a TTL table granted
 * read-only, a queue with batches and few retries, a topic with two subscribers, an object event
 * with a suffix, a zoned cron, and an API with auth from a custom JWKS URL and a throttle.
 */
export function degradationApp(): App {
  const app = new App({ name: 'degrade' });
  const fn = (id: string, handler: string) => new Function(app, id, { entry: CONFORMANCE_HANDLERS, handler });
  const items = new Table(app, 'Items', { partitionKey: 'pk', timeToLiveAttribute: 'expiresAt' });
  const api = new HttpApi(app, 'Api', {
    auth: {
      jwt: {
        issuer: 'https://id.example.com/',
        audience: 'https://api.example.com',
        jwksUrl: 'https://keys.example.com/jwks.json',
      },
    },
  });
  const reader = fn('Reader', 'getItem');
  items.grantRead(reader);
  api.route('GET /items/{pk}/{sk}', reader);
  new Queue(app, 'Jobs').subscribe(fn('Worker', 'worker'), { batchSize: 5, maxRetries: 2 });
  const events = new Topic(app, 'Events');
  events.subscribe(fn('SubscriberA', 'subscriberA'));
  events.subscribe(fn('SubscriberB', 'subscriberB'));
  new Bucket(app, 'Files').onObjectCreated(fn('OnUpload', 'onUpload'), { suffix: '.jpg' });
  new Schedule(app, 'Nightly', { cron: '0 2 * * *', timeZone: 'Europe/Paris', target: fn('Tick', 'tick') });
  return app;
}

/** The same app with nothing to degrade on AWS and locally: no custom JWKS URL. */
export function plainApp(): App {
  const app = new App({ name: 'plain' });
  const fn = new Function(app, 'Echo', { entry: CONFORMANCE_HANDLERS, handler: 'echo' });
  new HttpApi(app, 'Api').route('GET /echo/{name}', fn);
  return app;
}
