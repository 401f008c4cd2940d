// bench/synth-gcp: anycloud → Pulumi (GCP) against the same resources declared by hand with
// @pulumi/gcp, both under Pulumi's mocks, same run, fresh process each, median of RUNS.
// Also the hello function package: what anycloud's Functions Framework shim and runtime add to a
// hand-written Functions Framework handler, in bytes and in module-load time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { resourcesOf } from 'anycloud/adapter';
import { helloApp } from '../../examples/hello/app';
import { FunctionPackager } from '../../providers/gcp/bundling';
import { tableBuilder } from '../../providers/gcp/table';
import { HANDLER_ENTRY } from './programs';
import { alternate, median } from '../median';
import { compareSynth } from '../pulumi-synth/compare';
import { zipFolder } from '../pulumi-synth/zip-folder';

const RUNS = Number(process.env.RUNS ?? 5);
const SIZES = (process.env.SIZES ?? '10,100,300').split(',').map(Number);
const LOADS = 20;
const root = join(__dirname, '..', '..');

/**
 * The prebuilt source zip a hand-written project would deploy (its own build step, outside the
 * program): the benchmark handler with the Firestore table client and package.json, as anycloud
 * packages it.
 */
function prebuiltPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gcp-package-'));
  const bundle = new FunctionPackager(join(dir, 'cache')).package({
    entry: HANDLER_ENTRY,
    exportName: 'handler',
    clients: { table: tableBuilder.runtimeClient },
  });
  const zip = join(dir, 'source.zip');
  zipFolder(bundle.assetDir, zip);
  return zip;
}

/**
 * One fresh `node` process: ms to require `file`, and whether it registered `name` with the
 * Functions Framework (resolved from the repository's node_modules, as Cloud Build installs it).
 */
function loadOnce(file: string, name: string, env: Record<string, string>) {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});const ms=Number(process.hrtime.bigint()-t)/1e6;const registered=!!require('@google-cloud/functions-framework/testing').getFunction(${JSON.stringify(name)});process.stdout.write(JSON.stringify({ms,registered}))`;
  const out = execFileSync(process.execPath, ['-e', script], {
    env: { ...process.env, NODE_PATH: join(root, 'node_modules'), ...env },
  });
  return JSON.parse(out.toString()) as { ms: number; registered: boolean };
}

function helloNumbers(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gcp-hello-'));
  const app = helloApp();
  const fn = resourcesOf(app, 'function')[0];
  const anycloud = new FunctionPackager(join(dir, 'cache')).package({
    entry: fn.entry,
    exportName: fn.handler,
    clients: {},
  });
  const hand = join(dir, 'hand', 'index.js');
  mkdirSync(join(dir, 'hand'));
  buildSync({
    stdin: {
      contents:
        "const functions = require('@google-cloud/functions-framework');\nfunctions.http('hello', (req, res) => res.json({ message: `Hello, ${req.path.split('/')[2] ?? 'world'}!` }));\n",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    treeShaking: true,
    external: ['@google-cloud/functions-framework'],
    outfile: hand,
    logLevel: 'silent',
  });
  const settings = {
    ANYCLOUD_FUNCTION_PATH: fn.node.path,
    ANYCLOUD_BINDINGS: '{}',
    ANYCLOUD_TRIGGERS: JSON.stringify({
      pushes: [],
      routes: [{ key: 'GET /hello/{name}', method: 'GET', path: '/hello/{name}' }],
    }),
  };
  const { a, b: h } = alternate(
    LOADS,
    () => loadOnce(anycloud.file, 'anycloud', settings),
    () => loadOnce(hand, 'hello', {}),
  );
  if (!a[0].registered || !h[0].registered)
    throw new Error(`hello: registered ${a[0].registered} (anycloud) and ${h[0].registered} (hand)`);
  const [am, hm] = [median(a.map((x) => x.ms)), median(h.map((x) => x.ms))];
  const hb = statSync(hand).size;
  console.log('\nhello function package (examples/hello)');
  console.log(`  anycloud package index.js:                      ${anycloud.bytes} bytes minified`);
  console.log(`  hand-written Functions Framework HTTP handler:  ${hb} bytes minified`);
  console.log(`  added over a hand-written handler:              ${anycloud.bytes - hb} bytes`);
  console.log(
    `  module load (median of ${LOADS} fresh node processes): anycloud ${am.toFixed(1)} ms, hand-written ${hm.toFixed(1)} ms, ratio ${(am / hm).toFixed(3)}`,
  );
}

function main(): void {
  const packageZip = prebuiltPackage();
  compareSynth({
    name: 'synth-gcp',
    onceScript: join(__dirname, 'synth-once.ts'),
    artifact: packageZip,
    sizes: SIZES,
    runs: RUNS,
  });
  helloNumbers();
}

main();
