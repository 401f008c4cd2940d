// bench/cloudflare-readonly: what the platform boundary of a read-only grant costs on Cloudflare.
// In Miniflare (workerd), the same table read by a function granted read-write (direct D1
// binding) and by one granted read-only (service binding → the table's reader Worker over RPC),
// N sequential requests each, alternated, through the gateway. Latency includes the gateway hop.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Function, HttpApi, Table } from 'anycloud';
import { MiniflareApp } from '../../test/cloudflare/harness/miniflare-app';
import { median } from '../median';

const N = Number(process.env.N ?? 200);
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.ceil(v.length * 0.95) - 1];

async function main(): Promise<void> {
  const app = new App({ name: 'robench' });
  const notes = new Table(app, 'Notes', { partitionKey: 'id' });
  const entry = join(__dirname, 'handler.ts');
  const direct = new Function(app, 'Direct', { entry, handler: 'read' });
  const viaReader = new Function(app, 'ViaReader', { entry, handler: 'read' });
  const writer = new Function(app, 'Writer', { entry, handler: 'write' });
  notes.grantReadWrite(direct);
  notes.grantRead(viaReader);
  notes.grantReadWrite(writer);
  const api = new HttpApi(app, 'Api');
  api.route('GET /direct', direct);
  api.route('GET /reader', viaReader);
  api.route('PUT /notes', writer);
  const env = await MiniflareApp.deploy(app);
  try {
    await env.fetch('PUT', '/notes?id=n');
    const samples = { direct: [] as number[], reader: [] as number[] };
    for (let i = 0; i < N + 20; i++) {
      for (const path of ['direct', 'reader'] as const) {
        const started = performance.now();
        const res = await env.fetch('GET', `/${path}?id=n`);
        const ms = performance.now() - started;
        if (res.status !== 200 || res.json()?.id !== 'n')
          throw new Error(`bench: ${path} answered ${res.status}`);
        if (i >= 20) samples[path].push(ms); // the first 20 warm up
      }
    }
    console.log(`cloudflare-readonly: ${N} sequential reads each in Miniflare, median (p95) ms`);
    console.log(
      `  read-write grant, D1 binding:             ${median(samples.direct).toFixed(2)} (${p95(samples.direct).toFixed(2)})`,
    );
    console.log(
      `  read-only grant, reader Worker over RPC:  ${median(samples.reader).toFixed(2)} (${p95(samples.reader).toFixed(2)})`,
    );
    console.log(
      `  added by the boundary (median):           ${(median(samples.reader) - median(samples.direct)).toFixed(2)}`,
    );
  } finally {
    await env.dispose();
  }
}

void main();
