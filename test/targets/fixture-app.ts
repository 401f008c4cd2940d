// A small app for the target-plugin tests: a route, a table and a queue, with grants.
import { App, Function, HttpApi, Queue, Table } from 'anycloud';
import { FIXTURE_ENTRY } from '../fixtures/apps';

const app = new App({ name: 'plugins' });
const orders = new Table(app, 'Orders', { partitionKey: 'id' });
const jobs = new Queue(app, 'Jobs');
const api = new Function(app, 'Api', { entry: FIXTURE_ENTRY, handler: 'api' });
orders.grantReadWrite(api);
jobs.grantSend(api);
new HttpApi(app, 'Http').route('GET /orders', api);

export default app;
