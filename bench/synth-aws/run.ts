// bench/synth-aws: anycloud → CDK against the same stack written by hand in aws-cdk-lib, same run.
// Each synthesis runs in a fresh process (wall time from process start, peak RSS); median of RUNS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { App as CdkApp, Stack } from 'aws-cdk-lib';
import { resourcesOf } from 'anycloud/adapter';
import { buildAws } from 'anycloud/aws';
import { helloApp } from '../../examples/hello/app';
import { alternate, median } from '../median';

const RUNS = Number(process.env.RUNS ?? 5);
const SIZES = (process.env.SIZES ?? '10,100,300').split(',').map(Number);
const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const env = { ...process.env, CDK_VALIDATION: process.env.CDK_VALIDATION ?? 'false' };

interface Sample {
  ms: number;
  buildSynthMs: number;
  rssMb: number;
}

function synthOnce(kind: 'anycloud' | 'cdk', n: number, bundleDir: string): Sample {
  const outdir = mkdtempSync(join(tmpdir(), `bench-${kind}-`));
  try {
    const out = execFileSync(tsx, [join(__dirname, 'synth-once.ts'), kind, String(n), outdir, bundleDir], {
      env,
      cwd: join(__dirname, '..', '..'),
    });
    return JSON.parse(out.toString()) as Sample;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Bundles the benchmark handler once, as a hand-written project would with its own esbuild step. */
function prebuiltBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  writeFileSync(
    join(dir, 'entry.ts'),
    `// hand-written equivalent of the anycloud handler\nimport { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';\nconst db = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const handler = async (event: any) => {\n  const r = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.pathParameters.id } }));\n  return r.Item ? { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(r.Item) } : { statusCode: 404, body: '{"error":"not found"}' };\n};\n`,
  );
  buildSync({
    entryPoints: [join(dir, 'entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    sourcemap: 'linked',
    outfile: join(dir, 'asset', 'index.js'),
    nodePaths: [join(__dirname, '..', '..', 'node_modules')],
    logLevel: 'silent',
  });
  return join(dir, 'asset');
}

function moduleLoadMs(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const samples = Array.from({ length: 15 }, () =>
    Number(
      execFileSync(process.execPath, ['-e', script], {
        env: { ...process.env, ANYCLOUD_FUNCTION: 'hello/Hello' },
      }).toString(),
    ),
  );
  return median(samples);
}

function helloNumbers(): void {
  const app = helloApp();
  const build = buildAws(app, new Stack(new CdkApp(), 'Hello'));
  const bundle = build.bundleOf(resourcesOf(app, 'function')[0]);
  const handWritten = mkdtempSync(join(tmpdir(), 'bench-hello-'));
  writeFileSync(
    join(handWritten, 'entry.ts'),
    "export const handler = async (event: any) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `Hello, ${event.pathParameters?.name ?? 'world'}!` }) });\n",
  );
  buildSync({
    entryPoints: [join(handWritten, 'entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    // The same source-map setting as anycloud's bundles, so the sizes and load times compare.
    sourcemap: 'linked',
    outfile: join(handWritten, 'index.js'),
    logLevel: 'silent',
  });
  const anycloudLoad = moduleLoadMs(join(bundle.assetDir, 'index.js'));
  const handLoad = moduleLoadMs(join(handWritten, 'index.js'));
  console.log('\nhello handler (examples/hello)');
  console.log(
    `  anycloud bundle: ${bundle.bytes} bytes minified (+ source map); hand-written Lambda handler: ${statSync(join(handWritten, 'index.js')).size} bytes`,
  );
  console.log(
    `  module load (median of 15 fresh processes): anycloud ${anycloudLoad.toFixed(2)} ms, hand-written ${handLoad.toFixed(2)} ms, ratio ${(anycloudLoad / handLoad).toFixed(2)}`,
  );
}

function main(): void {
  const bundleDir = prebuiltBundle();
  console.log(
    `synth-aws: median of ${RUNS} fresh-process runs, CDK_VALIDATION=${env.CDK_VALIDATION}, anycloud bundle cache warm`,
  );
  console.log(
    '   N | anycloud ms | hand CDK ms | time ratio | build+synth ratio | anycloud RSS MB | hand RSS MB | RSS ratio',
  );
  for (const n of SIZES) {
    const { a, b: h } = alternate(
      RUNS,
      () => synthOnce('anycloud', n, bundleDir),
      () => synthOnce('cdk', n, bundleDir),
    );
    const [am, hm] = [median(a.map((x) => x.ms)), median(h.map((x) => x.ms))];
    const [ar, hr] = [median(a.map((x) => x.rssMb)), median(h.map((x) => x.rssMb))];
    const bs = median(a.map((x) => x.buildSynthMs)) / median(h.map((x) => x.buildSynthMs));
    console.log(
      `${String(n).padStart(4)} | ${am.toFixed(0).padStart(11)} | ${hm.toFixed(0).padStart(11)} | ${(am / hm).toFixed(3).padStart(10)} | ${bs.toFixed(3).padStart(17)} | ${ar.toFixed(0).padStart(15)} | ${hr.toFixed(0).padStart(11)} | ${(ar / hr).toFixed(3).padStart(9)}`,
    );
  }
  helloNumbers();
}

main();
