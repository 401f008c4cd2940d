import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalApp } from 'anycloud/local';

const root = join(__dirname, '..', '..');
const bin = join(root, 'cli', 'bin.js');
// Plain output to assert on, also under CI=true (where picocolors would colour it).
const env = { ...process.env, NO_COLOR: '1', CDK_VALIDATION: 'false' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('the anycloud command', () => {
  test('dev serves examples/shop, logs one line per invocation, and stops cleanly on Ctrl-C', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'anycloud-cli-'));
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [bin, 'dev', join(root, 'examples', 'shop'), '--port', String(port)],
      { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      const deadline = Date.now() + 30_000;
      while (!output.includes('Ctrl-C to stop') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(output).toContain(`on http://127.0.0.1:${port}`);
      expect(output).toContain(`POST    http://127.0.0.1:${port}/orders`);
      // Samples of protected routes carry the dev token.
      expect(output).toMatch(
        new RegExp(
          `try: curl -s -X POST 'http://127\\.0\\.0\\.1:${port}/orders' -H 'content-type: application/json' -H 'authorization: Bearer [A-Za-z0-9._-]+' -d '\\{\\}'`,
        ),
      );
      expect(output).toMatch(/state: \.anycloud\/local\/shop {2}· {2}\d+ functions {2}·/);
      // The banner prints a token the dev server accepts; without it the orders answer 401.
      expect(output).toContain(
        'shop/Api requires a bearer token (issuer https://shop-example.eu.auth0.com/)',
      );
      const token = /authorization: Bearer ([A-Za-z0-9._-]+)/.exec(output)?.[1];
      expect(token).toBeDefined();
      const authorization = `Bearer ${token}`;
      expect((await fetch(`http://127.0.0.1:${port}/orders`)).status).toBe(401);
      const created = await fetch(`http://127.0.0.1:${port}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ items: [{ sku: 'tea', quantity: 1 }] }),
      });
      expect(created.status).toBe(201);
      expect(((await created.json()) as { customerId: string }).customerId).toBe('dev-user');
      const list = await fetch(`http://127.0.0.1:${port}/orders`, { headers: { authorization } });
      expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
      // The worker and both subscribers run in the background.
      const until = Date.now() + 10_000;
      while (
        !(
          output.includes('FulfilmentWorker') &&
          output.includes('EmailNotifier') &&
          output.includes('AnalyticsRecorder')
        ) &&
        Date.now() < until
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(output).toMatch(/shop\/CreateOrder http POST \/orders 201 \d+ ms/);
      expect(output).toMatch(/shop\/FulfilmentWorker queue Fulfilment \(1\) ok/);
      const orders = join(cwd, '.anycloud', 'local', 'shop', 'tables', 'Orders.sqlite');
      expect(readFileSync(orders).subarray(0, 15).toString()).toBe('SQLite format 3');
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('stopping');
  }, 60_000);

  test('synth writes each target document and the CDK cloud assembly, with a summary', () => {
    const out = mkdtempSync(join(tmpdir(), 'anycloud-synth-out-'));
    const result = spawnSync(
      process.execPath,
      [bin, 'synth', join(root, 'examples', 'hello'), '--target', 'all', '--out', out],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CDK_VALIDATION: 'false' },
      },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('AWS::Lambda::Function');
    expect(result.stdout).toMatch(/hello\/Hello\s+\d+\.\d KB/);
    const aws = JSON.parse(readFileSync(join(out, 'aws.json'), 'utf8'));
    expect(Object.keys(aws.templates)).toEqual(['hello-dev']);
    expect(existsSync(join(out, 'aws.cdk.out', 'manifest.json'))).toBe(true);
    expect(result.stdout).toContain('cloudflare:index/workersScript:WorkersScript');
    const cloudflare = JSON.parse(readFileSync(join(out, 'cloudflare.json'), 'utf8'));
    expect(cloudflare.resources.map((r: { name: string }) => r.name)).toContain('hello/Hello/script');
    const local = JSON.parse(readFileSync(join(out, 'local.json'), 'utf8'));
    expect(local.routes).toEqual([
      expect.objectContaining({ route: 'GET /hello/{name}', function: 'hello/Hello' }),
    ]);
  }, 60_000);

  test('a validation error prints the issue list, no stack trace, and exits non-zero', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anycloud-bad-'));
    writeFileSync(
      join(dir, 'anycloud.app.ts'),
      `import { App, Table } from ${JSON.stringify(join(root, 'lib', 'index.ts'))};\nconst app = new App({ name: 'Bad_Name' });\nnew Table(app, 'T', { partitionKey: '' });\nexport default app;\n`,
    );
    const result = spawnSync(
      process.execPath,
      [bin, 'synth', dir, '--target', 'local', '--out', join(dir, 'out')],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('2 validation errors');
    expect(result.stderr).toContain('app.name');
    expect(result.stderr).toContain('Bad_Name/T');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out', 'local.json'))).toBe(false);
  });

  test('synth --target all changes nothing in the output folder when one target rejects the app', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anycloud-partial-'));
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'aws.json'), 'previous\n');
    // Valid for AWS and local; Cloudflare Workers and Flex Consumption cannot have 1 GB of memory.
    writeFileSync(
      join(dir, 'anycloud.app.ts'),
      `import { App, Function, HttpApi } from ${JSON.stringify(join(root, 'lib', 'index.ts'))};\nconst app = new App({ name: 'big' });\nconst fn = new Function(app, 'Hello', { entry: ${JSON.stringify(join(root, 'examples', 'hello', 'handlers', 'hello.ts'))}, memory: '1 GB' });\nnew HttpApi(app, 'Api').route('GET /hello/{name}', fn);\nexport default app;\n`,
    );
    const result = spawnSync(process.execPath, [bin, 'synth', dir, '--target', 'all', '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, CDK_VALIDATION: 'false' },
    });
    expect(result.status).toBe(1);
    // Every target's issues at once, not only the first target's.
    expect(result.stderr).toContain('2 validation errors');
    expect(result.stderr).toContain('azure.function.memory');
    expect(result.stderr).toContain('cloudflare.function.memory');
    expect(readdirSync(out)).toEqual(['aws.json']);
    expect(readFileSync(join(out, 'aws.json'), 'utf8')).toBe('previous\n');
  }, 60_000);

  test('invoke runs one function with an event file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anycloud-invoke-'));
    writeFileSync(
      join(dir, 'event.json'),
      JSON.stringify({ method: 'GET', path: '/hello/ada', params: { name: 'ada' } }),
    );
    const invokeTemps = () => readdirSync(tmpdir()).filter((f) => f.startsWith('anycloud-invoke-')).length;
    const before = invokeTemps();
    const result = spawnSync(
      process.execPath,
      [bin, 'invoke', 'Hello', '--app', join(root, 'examples', 'hello'), '--event', join(dir, 'event.json')],
      // From the project folder: the state (and build cache) is the one `anycloud dev` uses there.
      { encoding: 'utf8', cwd: dir },
    );
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, '.anycloud', 'local', 'hello', '.build'))).toBe(true);
    expect(existsSync(join(dir, '.anycloud', 'local', 'hello', '.lock'))).toBe(false);
    expect(invokeTemps() - before).toBeLessThanOrEqual(0);
    expect(JSON.parse(result.stdout)).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Hello, ada!"}',
    });
    const missing = spawnSync(
      process.execPath,
      [bin, 'invoke', 'Nope', '--app', join(root, 'examples', 'hello')],
      { encoding: 'utf8' },
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('this app has no function "Nope"; functions: Hello');
  });

  test('invoke on a state a running dev server holds is refused naming it', async () => {
    const state = mkdtempSync(join(tmpdir(), 'anycloud-held-'));
    const { loadApp } = await import('../../cli/load-app');
    const held = await LocalApp.start(loadApp(join(root, 'examples', 'hello')).app, { stateDir: state });
    try {
      const refused = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [bin, 'invoke', 'Hello', '--app', join(root, 'examples', 'hello'), '--state', state],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
        child.once('exit', (code) => resolve({ code, stderr }));
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`is in use by process ${process.pid}`);
      expect(refused.stderr).toContain('--state <dir>');
    } finally {
      await held.close();
    }
  }, 60_000);
});
