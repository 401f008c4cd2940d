import { GcpFunctionsApp } from '../gcp/harness/gcp-app';
import { CONFORMANCE_SECRETS } from './app';
import { describeConformance } from './describe-conformance';

// The conformance set on the GCP runtime: the Pulumi program's real function packages served by
// the real Functions Framework, Firestore and Pub/Sub in Google's emulators, Cloud Storage in a
// fake of its JSON API; API Gateway, Pub/Sub push, notifications and Cloud Scheduler played from
// the declared resources.
describeConformance('gcp', {
  auth: true,
  deviations: {
    'http: a body that is not JSON answers 400 with a JSON error': {
      reason:
        'the Functions Framework parses JSON bodies before the function runs and answers a bad one with its own HTML 400',
      degradation: 'gcp.http-api.invalid-json-html',
      async run(t) {
        const res = await t.fetch('POST', '/echo/x', {
          body: '{not json',
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('<pre>Bad Request</pre>');
      },
    },
  },
  start: async (app) => {
    const env = await GcpFunctionsApp.deploy(app, { secrets: CONFORMANCE_SECRETS });
    return { runner: env, close: () => env.dispose() };
  },
});
