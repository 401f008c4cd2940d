import { join } from 'node:path';
import { App, Function, HttpApi, Table } from 'anycloud';

/** The benchmark handler (the one bench/synth-aws uses): reads one item by id. */
export const HANDLER_ENTRY = join(__dirname, '..', 'synth-aws', 'handler.ts');

/** The app every synth benchmark declares: N functions, each with a route and a read grant on one table. */
export function benchApp(n: number): App {
  const app = new App({ name: 'bench' });
  const table = new Table(app, 'Items', { partitionKey: 'pk' });
  const api = new HttpApi(app, 'Api');
  for (let i = 0; i < n; i++) {
    const fn = new Function(app, `Fn${i}`, { entry: HANDLER_ENTRY });
    table.grantRead(fn);
    api.route(`GET /items${i}/{id}`, fn);
  }
  return app;
}
