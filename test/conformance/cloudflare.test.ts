import { MiniflareApp } from '../cloudflare/harness/miniflare-app';
import { conformanceApp } from './app';
import { CONFORMANCE_CASES } from './cases';

// The conformance set on the Cloudflare runtime: the Pulumi program's real Worker bundles and
// bindings in Miniflare (workerd, D1, R2, Queues).
describe('conformance on Cloudflare', () => {
  let env: MiniflareApp;

  beforeAll(async () => {
    env = await MiniflareApp.deploy(conformanceApp());
  }, 120_000);

  afterAll(async () => {
    await env?.dispose();
  });

  for (const c of CONFORMANCE_CASES) {
    test(c.name, async () => {
      await c.run(env);
    });
  }
});
