import { join } from 'node:path';
import { App, Function, HttpApi, type ThrottleOptions } from 'anycloud';

/** The README quickstart: one route (`throttle`: the API's, default 100 requests/s). */
export function helloApp(stage = 'dev', options: { throttle?: ThrottleOptions } = {}): App {
  const app = new App({ name: 'hello', stage });
  const hello = new Function(app, 'Hello', { entry: join(__dirname, 'handlers/hello.ts') });
  const api = new HttpApi(app, 'Api', options.throttle ? { throttle: options.throttle } : {});
  api.route('GET /hello/{name}', hello);
  return app;
}

export default helloApp();
