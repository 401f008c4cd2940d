import { App, Function, HttpApi, ValidationError } from 'anycloud';
import { fixtureFunction, testApp } from '../fixtures/apps';

const issuesOf = (make: (app: App, fn: Function) => void) => {
  const app = testApp();
  make(app, fixtureFunction(app, 'Fn'));
  try {
    app.validate();
  } catch (error) {
    return (error as ValidationError).issues.map((i) => [i.rule, i.value]);
  }
  return [];
};

describe('HttpApi auth and throttling', () => {
  test('an API with auth protects every route unless it opts out; scopes per route', () => {
    const app = testApp();
    const fn = fixtureFunction(app, 'Fn');
    const api = new HttpApi(app, 'Api', {
      auth: { jwt: { issuer: 'https://id.example.com/', audience: 'api' } },
    });
    api.route('GET /me', fn);
    api.route('GET /health', fn, { auth: 'none' });
    api.route('GET /admin', fn, { auth: { scopes: ['admin:read', 'admin:write'] } });
    app.validate();
    expect(api.auth).toEqual({
      issuer: 'https://id.example.com/',
      audience: ['api'],
      jwksUrl: 'https://id.example.com/.well-known/jwks.json',
    });
    expect(api.routes.map((r) => [r.key.path, r.auth])).toEqual([
      ['/me', { kind: 'jwt', scopes: [] }],
      ['/health', { kind: 'none' }],
      ['/admin', { kind: 'jwt', scopes: ['admin:read', 'admin:write'] }],
    ]);
    expect(api.throttle).toEqual({ rate: 100, burst: 200 });
  });

  test('an API without auth has public routes', () => {
    const app = testApp();
    const api = new HttpApi(app, 'Api');
    api.route('GET /x', fixtureFunction(app, 'Fn'));
    expect(api.routes[0].auth).toEqual({ kind: 'none' });
    expect(api.auth).toBeUndefined();
  });

  test('bad issuer, audience, JWKS URL, scopes and throttling are reported at once, with the value', () => {
    const issues = issuesOf((app, fn) => {
      const api = new HttpApi(app, 'Api', {
        auth: { jwt: { issuer: 'http://id.example.com/', audience: [], jwksUrl: 'ftp://keys' } },
        throttle: { rate: 0, burst: 1.5 },
      });
      api.route('GET /a', fn, { auth: { scopes: ['has space'] } });
      new HttpApi(app, 'Open').route('GET /b', fn, { auth: { scopes: ['x'] } });
    });
    expect(issues).toEqual([
      ['http-api.auth.issuer', 'http://id.example.com/'],
      ['http-api.auth.audience', []],
      ['http-api.auth.jwksUrl', 'ftp://keys'],
      ['http-api.throttle.rate', 0],
      ['http-api.throttle.burst', 1.5],
      ['http-api.route.scopes', { scopes: ['has space'] }],
      ['http-api.route.auth', { scopes: ['x'] }],
    ]);
  });

  test('an API given invalid auth keeps its routes protected (never silently public)', () => {
    const app = testApp();
    const api = new HttpApi(app, 'Api', { auth: { jwt: { issuer: 'nope', audience: 'a' } } });
    api.route('GET /x', fixtureFunction(app, 'Fn'));
    expect(api.routes[0].auth).toEqual({ kind: 'jwt', scopes: [] });
    expect(() => app.validate()).toThrow(ValidationError);
  });

  test('a local issuer on http://127.0.0.1 is accepted (tests), any other http issuer is not', () => {
    expect(
      issuesOf(
        (app) =>
          new HttpApi(app, 'Api', { auth: { jwt: { issuer: 'http://127.0.0.1:8080/', audience: 'a' } } }),
      ),
    ).toEqual([]);
    expect(
      issuesOf(
        (app) => new HttpApi(app, 'Api', { auth: { jwt: { issuer: 'http://10.0.0.1/', audience: 'a' } } }),
      ),
    ).toHaveLength(1);
  });
});
