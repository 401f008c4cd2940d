import { MiniflareApp } from '../cloudflare/harness/miniflare-app';
import { CONFORMANCE_SECRETS } from './app';
import { describeConformance } from './describe-conformance';

// The conformance set on the Cloudflare runtime: the Pulumi program's real Worker bundles and
// bindings in Miniflare (workerd, D1, R2, Queues).
describeConformance('cloudflare', {
  auth: true,
  start: async (app) => {
    const env = await MiniflareApp.deploy(app, { secrets: CONFORMANCE_SECRETS });
    return { runner: env, close: () => env.dispose() };
  },
});
