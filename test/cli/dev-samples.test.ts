import { App, Function, HttpApi } from 'anycloud';
import { sampleRequests } from '../../cli/commands/dev-samples';
import { FIXTURE_ENTRY } from '../fixtures/apps';

describe('dev banner samples', () => {
  const routesOf = (...keys: string[]) => {
    const app = new App({ name: 'samples' });
    const api = new HttpApi(app, 'Api');
    const fn = new Function(app, 'Fn', { entry: FIXTURE_ENTRY });
    for (const key of keys) api.route(key, fn);
    return api.routes.map((route) => ({ route }));
  };

  test("come from the app's own routes, path parameters filled in", () => {
    expect(sampleRequests(routesOf('GET /hello/{name}'), 'http://127.0.0.1:3000')).toEqual([
      "curl -s 'http://127.0.0.1:3000/hello/name-1'",
    ]);
    expect(
      sampleRequests(routesOf('PUT /files/{key+}', 'DELETE /notes/{id}'), 'http://localhost:4000'),
    ).toEqual([
      "curl -s -X DELETE 'http://localhost:4000/notes/id-1'",
      "curl -s -X PUT 'http://localhost:4000/files/key/1' -H 'content-type: application/json' -d '{}'",
    ]);
    expect(sampleRequests([], 'http://localhost:4000')).toEqual([]);
  });

  test('protected routes get the token; public ones do not', () => {
    const app = new App({ name: 'samples' });
    const fn = new Function(app, 'Fn', { entry: FIXTURE_ENTRY, handler: 'api' });
    const api = new HttpApi(app, 'Api', { auth: { jwt: { issuer: 'https://id.example/', audience: 'a' } } });
    api.route('GET /public', fn, { auth: 'none' });
    api.route('POST /orders', fn);
    expect(
      sampleRequests(
        api.routes.map((route) => ({ route })),
        'http://127.0.0.1:3000',
        'TOKEN',
      ),
    ).toEqual([
      "curl -s 'http://127.0.0.1:3000/public'",
      "curl -s -X POST 'http://127.0.0.1:3000/orders' -H 'content-type: application/json' -H 'authorization: Bearer TOKEN' -d '{}'",
    ]);
  });
});
