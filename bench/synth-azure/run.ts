// bench/synth-azure: anycloud → Pulumi (Azure) against the same resources declared by hand with
// @pulumi/azure-native, both under Pulumi's mocks, same run, fresh process each, median of RUNS.
// Also the hello function package: what anycloud's v4 shim and runtime add to a hand-written
// @azure/functions handler, in bytes and in module-load time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { App, Function, HttpApi, Table } from 'anycloud';
import { resourcesOf, triggersByFunction } from 'anycloud/adapter';
import { helloApp } from '../../examples/hello/app';
import { FunctionPackager } from '../../providers/azure/bundling';
import { hostJson } from '../../providers/azure/host-json';
import { tableBuilder } from '../../providers/azure/table';
import { HANDLER_ENTRY } from './programs';
import { alternate, median } from '../median';
import { compareSynth } from '../pulumi-synth/compare';
import { zipFolder } from '../pulumi-synth/zip-folder';

const RUNS = Number(process.env.RUNS ?? 5);
const SIZES = (process.env.SIZES ?? '10,100,300').split(',').map(Number);
const LOADS = 20;
const root = join(__dirname, '..', '..');

/**
 * The prebuilt package zip a hand-written project would deploy (its own build step, outside the
 * program): the benchmark handler with the table client and host.json, as anycloud packages it.
 */
function prebuiltPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-azure-package-'));
  const app = new App({ name: 'bench' });
  const table = new Table(app, 'Items', { partitionKey: 'pk' });
  const fn = new Function(app, 'Fn0', { entry: HANDLER_ENTRY });
  table.grantRead(fn);
  new HttpApi(app, 'Api').route('GET /items0/{id}', fn);
  const bundle = new FunctionPackager(join(dir, 'cache')).package({
    entry: HANDLER_ENTRY,
    exportName: 'handler',
    clients: { table: tableBuilder.runtimeClient },
    hostJson: hostJson(fn, triggersByFunction(app).get(fn)!),
    triggers: ['routes'],
  });
  const zip = join(dir, 'released-package.zip');
  zipFolder(bundle.assetDir, zip);
  return zip;
}

/** A preload that resolves `@azure/functions-core` (injected by the Functions host) to a recording stand-in. */
function functionsCoreStandIn(dir: string): string {
  writeFileSync(
    join(dir, 'functions-core.js'),
    [
      'globalThis.__registered = [];',
      'exports.setProgrammingModel = () => {};',
      'exports.registerFunction = (metadata) => { globalThis.__registered.push(metadata.name); return { dispose() {} }; };',
      'exports.registerHook = () => ({ dispose() {} });',
      'exports.log = () => {};',
    ].join('\n'),
  );
  const preload = join(dir, 'preload.js');
  writeFileSync(
    preload,
    [
      "const Module = require('node:module');",
      `const core = ${JSON.stringify(join(dir, 'functions-core.js'))};`,
      'const resolve = Module._resolveFilename;',
      "Module._resolveFilename = function (request, ...rest) { return request === '@azure/functions-core' ? core : resolve.call(this, request, ...rest); };",
    ].join('\n'),
  );
  return preload;
}

/** One fresh `node` process: ms to require `file`, and the functions it registered. */
function loadOnce(preload: string, file: string, env: Record<string, string>) {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});const ms=Number(process.hrtime.bigint()-t)/1e6;process.stdout.write(JSON.stringify({ms,registered:globalThis.__registered}))`;
  const out = execFileSync(process.execPath, ['-r', preload, '-e', script], {
    env: { ...process.env, ...env },
  });
  return JSON.parse(out.toString()) as { ms: number; registered: string[] };
}

function helloNumbers(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-azure-hello-'));
  const app = helloApp();
  const fn = resourcesOf(app, 'function')[0];
  const anycloud = new FunctionPackager(join(dir, 'cache')).package({
    entry: fn.entry,
    exportName: fn.handler,
    clients: {},
    hostJson: hostJson(fn, triggersByFunction(app).get(fn)!),
    triggers: ['routes'],
  });
  const hand = join(dir, 'hand', 'index.js');
  mkdirSync(join(dir, 'hand'));
  buildSync({
    stdin: {
      contents:
        "import { app } from '@azure/functions';\napp.http('hello', { route: 'hello/{name}', handler: async (req) => ({ jsonBody: { message: `Hello, ${req.params.name}!` } }) });\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    treeShaking: true,
    external: ['@azure/functions-core'],
    outfile: hand,
    logLevel: 'silent',
  });
  const preload = functionsCoreStandIn(dir);
  const settings = {
    ANYCLOUD_FUNCTION_PATH: fn.node.path,
    ANYCLOUD_BINDINGS: '{}',
    ANYCLOUD_TRIGGERS: JSON.stringify({
      queues: [],
      routes: [{ key: 'GET /hello/{name}', method: 'GET', path: '/hello/{name}', route: 'hello/{name}' }],
      timers: [],
    }),
  };
  const { a, b: h } = alternate(
    LOADS,
    () => loadOnce(preload, anycloud.file, settings),
    () => loadOnce(preload, hand, {}),
  );
  const [a0, h0] = [a[0].registered.length, h[0].registered.length];
  if (a0 !== 1 || h0 !== 1) throw new Error(`hello: registered ${a0} (anycloud) and ${h0} (hand) functions`);
  const [am, hm] = [median(a.map((x) => x.ms)), median(h.map((x) => x.ms))];
  const hb = statSync(hand).size;
  console.log('\nhello function package (examples/hello)');
  console.log(`  anycloud package index.js:             ${anycloud.bytes} bytes minified`);
  console.log(`  hand-written @azure/functions handler: ${hb} bytes minified`);
  console.log(`  added over a hand-written handler:     ${anycloud.bytes - hb} bytes`);
  console.log(
    `  module load (median of ${LOADS} fresh node processes): anycloud ${am.toFixed(1)} ms, hand-written ${hm.toFixed(1)} ms, ratio ${(am / hm).toFixed(3)}`,
  );
}

function main(): void {
  const packageZip = prebuiltPackage();
  compareSynth({
    name: 'synth-azure',
    onceScript: join(__dirname, 'synth-once.ts'),
    artifact: packageZip,
    sizes: SIZES,
    runs: RUNS,
  });
  helloNumbers();
}

main();
