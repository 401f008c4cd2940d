import { join } from 'node:path';
import { App, Function, HttpApi } from 'anycloud';

/** The README quickstart: one route. */
export function helloApp(stage = 'dev'): App {
  const app = new App({ name: 'hello', stage });
  const hello = new Function(app, 'Hello', { entry: join(__dirname, 'handlers/hello.ts') });
  const api = new HttpApi(app, 'Api');
  api.route('GET /hello/{name}', hello);
  return app;
}

export default helloApp();
