import { App, Function, HttpApi, Queue, Table } from 'anycloud';

// A consumer of the packed anycloud: the model from `anycloud`, entries resolved from the working directory.
const app = new App({ name: 'consumer', stage: 'dev' });
const visits = new Table(app, 'Visits', { partitionKey: 'name', sortKey: 'messageId' });
const hello = new Function(app, 'Hello', { entry: 'handlers/hello.ts', handler: 'hello' });
const counter = new Function(app, 'Counter', { entry: 'handlers/hello.ts', handler: 'count' });
const greeted = new Queue(app, 'Greeted');
greeted.grantSend(hello);
greeted.subscribe(counter);
visits.grantReadWrite(counter);
new HttpApi(app, 'Api').route('GET /hello/{name}', hello);

export default app;
