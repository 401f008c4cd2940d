import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shopApp } from '../../examples/shop/app';
import { captureAzure } from '../../providers/azure/synth';
import { captureCloudflare } from '../../providers/cloudflare/synth';
import { captureGcp } from '../../providers/gcp/synth';
import type { CapturedProgram } from '../../providers/shared/pulumi-document';
import { awsTemplate } from '../aws/stack';

// The snapshot tests compare documents whose 64-hex hashes are numbered placeholders, so two
// bundles that differ would still match there. Here the same app is built twice into two fresh
// build folders (cold caches) and the raw outputs are compared: asset hashes, Worker script bytes,
// package names and content hashes, byte for byte (only the build folder's own path differs).

const fresh = () => mkdtempSync(join(tmpdir(), 'anycloud-cold-'));

/** The captured program as JSON, with the build folder's path (the one legitimate difference) replaced. */
function raw(program: CapturedProgram, buildDir: string): string {
  return JSON.stringify(program.resources.map((r) => [r.type, r.name, r.inputs]))
    .split(buildDir)
    .join('<build>');
}

describe('a cold build twice gives byte-identical native output', () => {
  test('AWS: the template, asset hashes included', () => {
    const [a, b] = [fresh(), fresh()];
    const first = JSON.stringify(awsTemplate(shopApp(), { buildDir: a }).template.toJSON());
    const second = JSON.stringify(awsTemplate(shopApp(), { buildDir: b }).template.toJSON());
    expect(first).toMatch(/[0-9a-f]{64}\.zip/); // asset hashes are there, raw
    expect(second).toBe(first);
  }, 120_000);

  test.each([
    ['cloudflare', (buildDir: string) => captureCloudflare(shopApp(), { buildDir })],
    ['azure', (buildDir: string) => captureAzure(shopApp(), { buildDir })],
    ['gcp', (buildDir: string) => captureGcp(shopApp(), { buildDir })],
  ] as const)(
    '%s: every input, Worker scripts and package hashes included',
    async (_, capture) => {
      const [a, b] = [fresh(), fresh()];
      const first = raw(await capture(a), a);
      const second = raw(await capture(b), b);
      expect(second).toBe(first);
    },
    120_000,
  );
});
