// bench/aws-cold-start: a DynamoDB-granted Lambda bundle with the AWS SDK v3 bundled (anycloud's
// default until this bench) against the same function with `@aws-sdk/*` left to the runtime (as
// CDK's NodejsFunction does; the SDK is resolved from node_modules, as Lambda's Node.js runtime
// resolves its own copy). Fresh `node` process per sample, the two variants alternated.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bundler } from '../../providers/aws/bundling';
import { tableBuilder } from '../../providers/aws/table';
import { alternate, median } from '../median';

const RUNS = Number(process.env.RUNS ?? 15);
const root = join(__dirname, '..', '..');

interface Sample {
  loadMs: number;
  firstRequestMs: number;
  status: number;
}

function bundle(externalAwsSdk: boolean): { dir: string; bytes: number } {
  const bundler = new Bundler(mkdtempSync(join(tmpdir(), 'bench-aws-cold-')));
  const b = bundler.bundle({
    entry: join(root, 'bench', 'synth-aws', 'handler.ts'),
    exportName: 'handler',
    clients: { table: tableBuilder.runtimeClient },
    nodeVersion: 'nodejs22',
    externalAwsSdk,
  });
  return { dir: b.assetDir, bytes: statSync(join(b.assetDir, 'index.js')).size };
}

function coldStart(dir: string): Sample {
  const out = execFileSync(process.execPath, [join(__dirname, 'cold-start-once.js'), dir], {
    // The handler logs the refused connection (expected) and the SDK warns about Node 20.
    stdio: ['ignore', 'pipe', 'ignore'],
    env: {
      PATH: process.env.PATH,
      // As on Lambda: the runtime's own SDK is found on NODE_PATH.
      NODE_PATH: join(root, 'node_modules'),
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
      ANYCLOUD_FUNCTION: 'bench/GetItem',
      ANYCLOUD_BINDINGS: JSON.stringify({
        Items: {
          kind: 'table',
          access: 'read',
          name: 'bench-items',
          partitionKey: { name: 'pk', type: 'string' },
        },
      }),
    },
  });
  return JSON.parse(out.toString()) as Sample;
}

const p90 = (values: number[]) => [...values].sort((x, y) => x - y)[Math.ceil(values.length * 0.9) - 1];

function main(): void {
  const bundled = bundle(false);
  const external = bundle(true);
  const { a, b } = alternate(
    RUNS,
    () => coldStart(bundled.dir),
    () => coldStart(external.dir),
  );
  if (![...a, ...b].every((s) => s.status === 500))
    throw new Error('bench: the first request did not reach DynamoDB');
  console.log(`aws-cold-start: median (p90) of ${RUNS} fresh node processes, alternated, ${process.version}`);
  console.log('variant                     | bundle KB | load ms       | first request ms | total ms');
  for (const [name, size, samples] of [
    ['SDK bundled', bundled.bytes, a],
    ['SDK from the runtime', external.bytes, b],
  ] as const) {
    const load = samples.map((s) => s.loadMs);
    const first = samples.map((s) => s.firstRequestMs);
    const total = samples.map((s) => s.loadMs + s.firstRequestMs);
    console.log(
      `${name.padEnd(27)} | ${(size / 1024).toFixed(0).padStart(9)} | ${median(load).toFixed(1).padStart(5)} (${p90(load).toFixed(1)}) | ${median(first).toFixed(1).padStart(6)} (${p90(first).toFixed(1)})    | ${median(total).toFixed(1)} (${p90(total).toFixed(1)})`,
    );
  }
}

main();
