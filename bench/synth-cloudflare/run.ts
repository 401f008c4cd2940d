// bench/synth-cloudflare: anycloud → Pulumi (Cloudflare) against the same resources declared by hand
// with @pulumi/cloudflare, both under Pulumi's mocks, same run, fresh process each, median of RUNS.
// Also the hello Worker's bundle: what anycloud's shim and runtime add to the user's code.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { WorkerBundler } from '../../providers/cloudflare/bundling';
import { tableBuilder } from '../../providers/cloudflare/table';
import { HANDLER_ENTRY } from './programs';
import { compareSynth } from '../pulumi-synth/compare';

const RUNS = Number(process.env.RUNS ?? 5);
const SIZES = (process.env.SIZES ?? '10,100,300').split(',').map(Number);
const root = join(__dirname, '..', '..');

/** The prebuilt bundles a hand-written project would deploy (its own esbuild step, outside the program). */
function prebuiltBundles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cf-bundles-'));
  const bundler = new WorkerBundler(join(dir, 'cache'));
  writeFileSync(
    join(dir, 'function.js'),
    readFileSync(
      bundler.function({
        entry: HANDLER_ENTRY,
        exportName: 'handler',
        clients: { table: tableBuilder.runtimeClient },
        parts: ['fetch'],
      }).file,
    ),
  );
  writeFileSync(join(dir, 'gateway.js'), readFileSync(bundler.gateway().file));
  return dir;
}

function helloNumbers(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cf-hello-'));
  const bundler = new WorkerBundler(join(dir, 'cache'));
  const hello = join(root, 'examples', 'hello', 'handlers', 'hello.ts');
  const anycloud = bundler.function({
    entry: hello,
    exportName: 'handler',
    clients: {},
    parts: ['fetch'],
  });
  writeFileSync(
    join(dir, 'hand.ts'),
    "export default { async fetch(request: Request) { const name = decodeURIComponent(new URL(request.url).pathname.split('/')[2] ?? 'world'); return Response.json({ message: `Hello, ${name}!` }); } };\n",
  );
  const build = (entry: string, out: string) =>
    buildSync({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      minify: true,
      outfile: out,
      alias: { 'anycloud/runtime': join(root, 'lib', 'runtime', 'index.ts') },
      logLevel: 'silent',
    });
  build(join(dir, 'hand.ts'), join(dir, 'hand.js'));
  writeFileSync(join(dir, 'user.ts'), `export { handler } from ${JSON.stringify(hello)};\n`);
  build(join(dir, 'user.ts'), join(dir, 'user.js')); // the user's module with the runtime helpers it imports
  const size = (f: string) => statSync(f).size;
  const [a, h, u] = [anycloud.bytes, size(join(dir, 'hand.js')), size(join(dir, 'user.js'))];
  console.log('\nhello Worker (examples/hello)');
  console.log(`  anycloud Worker bundle:               ${a} bytes minified`);
  console.log(`  the user's module + runtime it imports: ${u} bytes`);
  console.log(`  hand-written module Worker:           ${h} bytes`);
  console.log(`  added by the Worker shim (anycloud - user's module): ${a - u} bytes (target < 5120)`);
  console.log(`  added over a hand-written Worker:     ${a - h} bytes`);
}

function main(): void {
  const bundleDir = prebuiltBundles();
  compareSynth({
    name: 'synth-cloudflare',
    onceScript: join(__dirname, 'synth-once.ts'),
    artifact: bundleDir,
    sizes: SIZES,
    runs: RUNS,
  });
  helloNumbers();
}

main();
