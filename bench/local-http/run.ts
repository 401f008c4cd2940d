// bench/local-http: the hello route through `anycloud dev` against a bare node:http server doing
// the same work, same machine, same run, same load tool (autocannon). Also: time from starting
// `anycloud dev examples/shop` to its first 200 response, cold (empty build folder) and warm.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const root = join(__dirname, '..', '..');
const DURATION = Number(process.env.DURATION ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(child: ChildProcess, text: string): Promise<void> {
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (!out.includes(text)) return;
      child.stdout!.off('data', onData);
      resolve();
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
  // Keep reading (and dropping) the per-invocation log lines, as a terminal would.
  child.stdout!.resume();
}

async function waitForHttp(url: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function load(url: string): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  const errors = result.errors + result.non2xx + result.timeouts;
  // A run with errors or non-2xx answers measures failures, not throughput: refuse it.
  if (errors > 0)
    throw new Error(
      `${url}: ${result.errors} errors, ${result.non2xx} non-2xx answers, ${result.timeouts} timeouts; fix the server, then measure`,
    );
  return { rps: result.requests.average, p99: result.latency.p99, errors };
}

async function startToFirst200(cwd: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(root, 'cli', 'bin.js'), 'dev', join(root, 'examples', 'shop'), '--port', String(port)],
    {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
    },
  );
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/orders?customerId=bench`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'bench-local-'));
  const devPort = await freePort();
  // The per-invocation log goes to a file, as it would to a terminal.
  const logFile = openSync(join(cwd, 'dev.log'), 'w');
  const dev = spawn(
    process.execPath,
    [join(root, 'cli', 'bin.js'), 'dev', join(__dirname, 'app'), '--port', String(devPort)],
    {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', logFile, 'inherit'],
    },
  );
  const barePort = await freePort();
  const bare = spawn(
    join(root, 'node_modules', '.bin', 'tsx'),
    [join(__dirname, 'bare-server.ts'), String(barePort)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await Promise.all([waitForHttp(`http://127.0.0.1:${devPort}/hello/ready`), waitFor(bare, 'ready')]);
    await load(`http://127.0.0.1:${devPort}/hello/bench`); // warm-up
    await load(`http://127.0.0.1:${barePort}/hello/bench`);
    // Alternate the two servers over several rounds; report medians, so machine noise hits both.
    const a: { rps: number; p99: number; errors: number }[] = [];
    const b: { rps: number; p99: number; errors: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      a.push(await load(`http://127.0.0.1:${devPort}/hello/bench`));
      b.push(await load(`http://127.0.0.1:${barePort}/hello/bench`));
    }
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const [ar, br] = [med(a.map((x) => x.rps)), med(b.map((x) => x.rps))];
    console.log(
      `local-http: autocannon, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION} s, medians`,
    );
    console.log(
      `  anycloud dev (hello route): ${ar.toFixed(0)} req/s, p99 ${med(a.map((x) => x.p99))} ms, errors ${a.reduce((n, x) => n + x.errors, 0)}`,
    );
    console.log(
      `  bare node:http            : ${br.toFixed(0)} req/s, p99 ${med(b.map((x) => x.p99))} ms, errors ${b.reduce((n, x) => n + x.errors, 0)}`,
    );
    console.log(
      `  throughput ratio: ${(ar / br).toFixed(2)} (target >= 0.7); per round: ${a.map((x, i) => (x.rps / b[i].rps).toFixed(2)).join(' ')}`,
    );
  } finally {
    dev.kill('SIGINT');
    bare.kill('SIGTERM');
  }
  const shopDir = mkdtempSync(join(tmpdir(), 'bench-shop-'));
  const cold = await startToFirst200(shopDir);
  const warm = [
    await startToFirst200(shopDir),
    await startToFirst200(shopDir),
    await startToFirst200(shopDir),
  ].sort((x, y) => x - y)[1];
  console.log(
    `  anycloud dev examples/shop, start to first 200: cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms (median of 3; target < 1500)`,
  );
  rmSync(shopDir, { recursive: true, force: true });
}

void main();
