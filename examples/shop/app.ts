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

const handlers = (file: string) => join(__dirname, 'handlers', file);

/**
 * The identity provider whose tokens the shop's API accepts: replace it with yours (Auth0,
 * Cognito, Entra ID, Google...). Locally, `anycloud dev` and `env.token()` sign tokens for it.
 */
export const SHOP_AUTH: JwtAuthOptions = {
  issuer: 'https://shop-example.eu.auth0.com/',
  audience: 'https://api.shop.example.com',
};

/**
 * A small shop: orders over HTTP in a table (each caller sees only their own: the customer is
 * the token's `sub`), a fulfilment queue worker, an order topic with two subscribers, image
 * uploads that record thumbnails, and a nightly report.
 */
export function shopApp(stage = 'dev', options: { auth?: JwtAuthOptions } = {}): App {
  const app = new App({ name: 'shop', stage });

  const orders = new Table(app, 'Orders', { partitionKey: 'customerId', sortKey: 'orderId' });
  const thumbnails = new Table(app, 'Thumbnails', { partitionKey: 'key' });
  const notifications = new Table(app, 'Notifications', { partitionKey: 'channel', sortKey: 'id' });
  const reports = new Table(app, 'Reports', { partitionKey: 'day', timeToLiveAttribute: 'expiresAt' });
  const images = new Bucket(app, 'Images');
  const fulfilment = new Queue(app, 'Fulfilment');
  const orderEvents = new Topic(app, 'OrderEvents');
  const apiKey = new Secret(app, 'ReportingApiKey', { description: 'Key of the reporting service' });

  const createOrder = new Function(app, 'CreateOrder', {
    entry: handlers('orders.ts'),
    handler: 'createOrder',
  });
  const getOrder = new Function(app, 'GetOrder', { entry: handlers('orders.ts'), handler: 'getOrder' });
  const listOrders = new Function(app, 'ListOrders', { entry: handlers('orders.ts'), handler: 'listOrders' });
  orders.grantReadWrite(createOrder);
  fulfilment.grantSend(createOrder);
  orderEvents.grantPublish(createOrder);
  orders.grantRead(getOrder);
  orders.grantRead(listOrders);

  const api = new HttpApi(app, 'Api', {
    cors: { allowOrigins: ['https://shop.example.com'] },
    auth: { jwt: options.auth ?? SHOP_AUTH },
    throttle: { rate: 50, burst: 100 },
  });
  api.route('POST /orders', createOrder);
  api.route('GET /orders/{id}', getOrder);
  api.route('GET /orders', listOrders);

  const worker = new Function(app, 'FulfilmentWorker', {
    entry: handlers('fulfilment.ts'),
    timeout: '30 seconds',
  });
  orders.grantReadWrite(worker);
  fulfilment.subscribe(worker, { batchSize: 10, maxRetries: 3 });

  const email = new Function(app, 'EmailNotifier', { entry: handlers('notifications.ts'), handler: 'email' });
  const analytics = new Function(app, 'AnalyticsRecorder', {
    entry: handlers('notifications.ts'),
    handler: 'analytics',
  });
  notifications.grantReadWrite(email);
  notifications.grantReadWrite(analytics);
  orderEvents.subscribe(email);
  orderEvents.subscribe(analytics);

  const thumbnailer = new Function(app, 'Thumbnailer', { entry: handlers('images.ts') });
  thumbnails.grantReadWrite(thumbnailer);
  images.grantRead(thumbnailer);
  images.onObjectCreated(thumbnailer, { prefix: 'images/' });

  const nightly = new Function(app, 'NightlyReport', { entry: handlers('nightly.ts'), timeout: '1 minute' });
  reports.grantReadWrite(nightly);
  apiKey.grantRead(nightly);
  new Schedule(app, 'Nightly', { cron: '0 2 * * *', timeZone: 'Europe/Paris', target: nightly });

  return app;
}

export default shopApp();
