import { join } from 'node:path';
import { App, Function, HttpApi } from 'anycloud';
import { synth } from 'anycloud/testing';
import { MiniflareApp } from './harness/miniflare-app';

const fixtures = join(__dirname, 'fixtures');

function nodeApp(environment?: Record<string, string>): App {
  const app = new App({ name: 'compat' });
  const hash = new Function(app, 'Hash', { entry: join(fixtures, 'node-crypto.ts'), environment });
  const plain = new Function(app, 'Plain', {
    entry: join(__dirname, '..', 'conformance', 'handlers.ts'),
    handler: 'text',
  });
  const api = new HttpApi(app, 'Api');
  api.route('GET /hash/{text}', hash);
  api.route('GET /text', plain);
  return app;
}

describe('nodejs_compat only where a Worker needs it', () => {
  test('a bundle importing node:crypto gets the flag; a plain one does not', async () => {
    const doc = await synth(nodeApp(), 'cloudflare');
    const flags = (name: string) =>
      (doc.resources.find((r) => r.name === name)!.inputs as { compatibilityFlags: string[] })
        .compatibilityFlags;
    expect(flags('compat/Hash/script')).toEqual(['nodejs_compat']);
    expect(flags('compat/Plain/script')).toEqual([]);
  });

  test('in workerd, node:crypto works and environment variables reach process.env', async () => {
    const env = await MiniflareApp.deploy(nodeApp({ GREETING: 'hello from env' }));
    try {
      const res = await env.fetch('GET', '/hash/abc');
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({
        sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        greeting: 'hello from env',
      });
    } finally {
      await env.dispose();
    }
  }, 60_000);
});
