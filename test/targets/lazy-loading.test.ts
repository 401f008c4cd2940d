import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The packages loaded by requiring `modules` in a fresh process (sources through tsx). */
function loadedPackages(script: string): string[] {
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      'tsx/cjs',
      '-e',
      `${script};
       const seen = new Set();
       for (const k of Object.keys(require.cache)) {
         const m = /node_modules[\\\\/]((@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(k);
         if (m) seen.add(m[1].replace(/\\\\/g, '/'));
       }
       process.stdout.write(JSON.stringify([...seen]));`,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as string[];
}

describe("a target's SDK is loaded only when that target is used", () => {
  test('anycloud/pulumi loads no provider SDK until deploy() picks a target', () => {
    const loaded = loadedPackages("require('./pulumi/index.ts')");
    expect(loaded).toContain('@pulumi/pulumi');
    expect(loaded).not.toContain('@pulumi/cloudflare');
    expect(loaded).not.toContain('aws-cdk-lib');
  });

  test('anycloud/testing loads neither aws-cdk-lib nor Pulumi until a target is synthesized', () => {
    const loaded = loadedPackages("require('./testing/index.ts')");
    expect(loaded).not.toContain('aws-cdk-lib');
    expect(loaded).not.toContain('@pulumi/pulumi');
    expect(loaded).not.toContain('@pulumi/cloudflare');
  });

  test("loading the cloudflare target loads its provider, and not AWS's", () => {
    const loaded = loadedPackages("require('./providers/targets.ts').loadTarget('cloudflare')");
    expect(loaded).toContain('@pulumi/cloudflare');
    expect(loaded).not.toContain('aws-cdk-lib');
  });
});
