import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bundler } from '../../providers/aws/bundling';
import { queueBuilder } from '../../providers/aws/queue';
import { cleanEnv, installOffline, run } from './offline-install';

// The package as users get it: `npm pack` (prepack builds dist/), installed from the tarball
// into fresh projects with no registry, then used with plain tsc, node, jest (@swc/jest) and
// the anycloud command. Slow (a build and an install), so one shared setup.

const root = join(__dirname, '..', '..');
const fixture = join(__dirname, 'consumer');

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

let work: string;
let tarball: string;
let packed: PackResult;
let consumer: string;
const children: ChildProcess[] = [];

/** Runs a command without blocking the event loop (so two can run at once); rejects with its output when it fails. */
function runAsync(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Stops a detached child and everything it started (npx runs the bin in a child of its own). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
  await exited;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'anycloud-package-'));
  const started = Date.now();
  const output = run('npm', ['pack', '--json', '--pack-destination', work], root).stdout;
  packed = (JSON.parse(output.slice(output.indexOf('[\n'))) as PackResult[])[0];
  tarball = join(work, packed.filename);
  console.log(
    `npm pack: ${packed.filename} ${(packed.size / 1024).toFixed(1)} KB packed, ` +
      `${(packed.unpackedSize / 1024).toFixed(1)} KB unpacked, ${packed.entryCount} files ` +
      `(build + pack ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  consumer = join(work, 'consumer');
  cpSync(fixture, consumer, { recursive: true });
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version: string }>;
  };
  const pin = (name: string) => lock.packages[`node_modules/${name}`].version;
  const devDependencies = Object.fromEntries(
    [
      '@swc/core',
      '@swc/jest',
      '@types/jest',
      '@types/node',
      'aws-cdk-lib',
      'constructs',
      'jest',
      'typescript',
    ].map((name) => [name, pin(name)]),
  );
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, devDependencies }, null, 2),
  );
  const installStarted = Date.now();
  installOffline(consumer, tarball);
  console.log(`offline install of the consumer: ${((Date.now() - installStarted) / 1000).toFixed(1)} s`);
}, 400_000);

afterAll(async () => {
  await Promise.all(children.map(stop));
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

test('the tarball holds the compiled package, the bin and the templates, and no sources', () => {
  const files = packed.files.map((f) => f.path);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { types: string; default: string }>;
  };
  for (const target of Object.values(manifest.exports)) {
    for (const file of typeof target === 'string' ? [target] : [target.types, target.default])
      expect(files).toContain(file.replace(/^\.\//, ''));
  }
  expect(files).toEqual(
    expect.arrayContaining(['cli/bin.js', 'dist/cli/main.js', 'templates/init/gitignore']),
  );
  const unexpected = files.filter(
    (f) =>
      !/^dist\/(esm\/)?(lib|providers|pulumi|testing|cli)\/.+\.(js|d\.ts|js\.map|d\.ts\.map)$/.test(f) &&
      !f.startsWith('templates/init/') &&
      !['package.json', 'README.md', 'cli/bin.js'].includes(f),
  );
  expect(unexpected).toEqual([]);
});

test('tsc type-checks an app, a handler, a test and every entry point (node16, bundler, node10)', async () => {
  // node16 also emits build/ for the next test; bundler traces resolution to check anycloud's own .d.ts imports.
  const [, trace] = await Promise.all([
    runAsync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], consumer),
    runAsync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.bundler.json', '--traceResolution'], consumer),
    runAsync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.node10.json'], consumer),
  ]);
  // With skipLibCheck, an import of anycloud's declarations that does not resolve would silently be `any`.
  const unresolved = [
    ...trace.matchAll(/======== Resolving module '([^']+)' from '([^']*node_modules\/anycloud\/[^']*)'/g),
  ]
    .map(([, name, from]) => ({ name, from }))
    .filter(({ name }) => !name.startsWith('node:'))
    .filter(({ name }) => trace.includes(`======== Module name '${name}' was not resolved. ========`));
  expect(unresolved).toEqual([]);
  expect(trace).toContain(join(consumer, 'node_modules', 'anycloud', 'dist', 'testing', 'index.d.ts'));
}, 180_000);

test('node runs the tsc-compiled CDK app and synthesizes a template, without tsx', () => {
  const check =
    "require('./build/cdk-app.js'); if (Object.keys(require.cache).some((f) => f.includes('/node_modules/tsx/'))) process.exit(3);";
  run(process.execPath, ['-e', check], consumer);
  const template = JSON.parse(readFileSync(join(consumer, 'cdk.out', 'Consumer.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string }>;
  };
  const types = Object.values(template.Resources).map((r) => r.Type);
  expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(2);
  expect(types).toContain('AWS::ApiGatewayV2::Api');
  expect(types).toContain('AWS::DynamoDB::GlobalTable');

  // The package bundles its runtime from ES modules (dist/esm), as small as from the sources.
  const [hello] = Object.entries(template.Resources).filter(
    ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('Hello'),
  );
  const key = (hello[1] as unknown as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key;
  const packaged = statSync(join(consumer, 'cdk.out', `asset.${key.replace(/\.zip$/, '')}`, 'index.js')).size;
  const fromSources = new Bundler(join(work, 'source-bundles')).bundle({
    entry: join(consumer, 'handlers', 'hello.ts'),
    exportName: 'hello',
    clients: { queue: queueBuilder.runtimeClient },
    nodeVersion: 'nodejs24',
  }).bytes;
  expect(Math.abs(packaged - fromSources)).toBeLessThan(512);
}, 120_000);

test('a jest test (@swc/jest) of the consumer passes with synth() and local()', async () => {
  const output = await runAsync('npx', ['--no-install', 'jest', '--ci'], consumer);
  expect(output).toMatch(/Tests:\s+2 passed, 2 total/);
}, 180_000);

test('npx anycloud dev serves a route from the compiled CLI', async () => {
  expect(existsSync(join(consumer, 'node_modules', 'anycloud', 'cli', 'main.ts'))).toBe(false);
  const port = await freePort();
  const dev = spawn('npx', ['--no-install', 'anycloud', 'dev', '--port', String(port)], {
    cwd: consumer,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, stopped as a whole
  });
  children.push(dev);
  let output = '';
  dev.stdout!.on('data', (d) => (output += d));
  dev.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Ctrl-C to stop') && dev.exitCode === null && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  expect(output).toContain(`GET     http://127.0.0.1:${port}/hello/{name}`);
  const res = await fetch(`http://127.0.0.1:${port}/hello/grace`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ message: 'Hello, grace!' });
  const logged = /consumer\/Hello http GET \/hello\/grace 200/;
  const until = Date.now() + 10_000;
  while (!logged.test(output) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  await stop(dev);
  expect(output).toMatch(logged);
}, 120_000);

test('npx anycloud init scaffolds a project whose own tsc, npm test and cdk synth pass', async () => {
  const parent = join(work, 'init');
  mkdirSync(parent);
  const project = join(parent, 'my-notes');
  run('npx', ['--no-install', 'anycloud', 'init', project], consumer);
  const again = spawn('npx', ['--no-install', 'anycloud', 'init', project], {
    cwd: consumer,
    env: cleanEnv(),
  });
  let refusal = '';
  again.stderr.on('data', (d) => (refusal += d));
  expect(await new Promise((resolve) => again.once('exit', resolve))).toBe(1);
  expect(refusal).toContain('is not empty');

  const started = Date.now();
  installOffline(project, tarball, consumer);
  console.log(`offline install of the init project: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const [, tests] = await Promise.all([
    runAsync('npx', ['--no-install', 'tsc', '--noEmit'], project),
    runAsync('npm', ['test'], project),
  ]);
  expect(tests).toMatch(/Tests:\s+2 passed, 2 total/);
  await runAsync('npx', ['--no-install', 'cdk', 'synth', '--quiet'], project);
  expect(existsSync(join(project, 'cdk.out', 'my-notes-dev.template.json'))).toBe(true);
}, 300_000);
