import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import * as net from 'node:net';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Function, HttpApi, Schedule, Table, ValidationError } from 'anycloud';
import { LocalApp, StateInUseError } from 'anycloud/local';
import { systemClock } from '../../providers/local/clock';
import { removeOrphanTempFiles } from '../../providers/local/state-lock';
import { TableStore } from '../../providers/local/table-store';
import { local } from 'anycloud/testing';

const entry = join(__dirname, 'fixtures', 'handlers.ts');

describe('local target engine', () => {
  test('concurrent invocations keep their own grants', async () => {
    const app = new App({ name: 'grants' });
    const a = new Table(app, 'A', { partitionKey: 'id' });
    const b = new Table(app, 'B', { partitionKey: 'id' });
    const api = new HttpApi(app, 'Api');
    const readsA = new Function(app, 'ReadsA', { entry, handler: 'slowReader' });
    const readsB = new Function(app, 'ReadsB', { entry, handler: 'slowReader' });
    a.grantRead(readsA);
    b.grantRead(readsB);
    api.route('GET /a', readsA);
    api.route('GET /b', readsB);
    const env = await local(app);
    try {
      // /a waits, /b runs meanwhile; then each reads the table of the other's grant.
      const [slowA, fastB] = await Promise.all([
        env.fetch('GET /a?wait=100&table=B'),
        env.fetch('GET /b?wait=0&table=B'),
      ]);
      expect(fastB.json()).toEqual({ ok: true });
      expect(slowA.status).toBe(403);
      expect(slowA.json().error).toContain('function "grants/ReadsA" has no grant on table "B"');
    } finally {
      await env.close();
    }
  });

  test('rate and cron schedules fire on the fake clock, in order, in their time zone', async () => {
    const app = new App({ name: 'clock' });
    const ticks = new Table(app, 'Ticks', { partitionKey: 'id' });
    const tick = new Function(app, 'Tick', { entry, handler: 'tick' });
    ticks.grantReadWrite(tick);
    new Schedule(app, 'Hourly', { rate: '1 hour', target: tick });
    new Schedule(app, 'NineInTokyo', { cron: '0 9 * * *', timeZone: 'Asia/Tokyo', target: tick });
    const env = await local(app);
    try {
      await env.advance('1 day');
      const fired = env.table('Ticks').items();
      expect(fired.filter((t) => t.scheduleId === 'Hourly')).toHaveLength(24);
      const tokyo = fired.filter((t) => t.scheduleId === 'NineInTokyo');
      expect(tokyo).toHaveLength(1);
      expect(tokyo[0].id).toMatch(/T00:00:00Z$/); // 09:00 in Tokyo is 00:00 UTC
    } finally {
      await env.close();
    }
  });

  test('CORS preflight and headers follow the API settings; bodies over the limit get 413', async () => {
    const app = new App({ name: 'cors' });
    const api = new HttpApi(app, 'Api', {
      cors: { allowOrigins: ['https://app.example.com'], exposeHeaders: ['x-version'] },
    });
    api.route('POST /version', new Function(app, 'Version', { entry, handler: 'version' }));
    const env = await local(app, { maxBodyBytes: 1024 });
    try {
      const preflight = await fetch(`${env.url}/version`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      const denied = await fetch(`${env.url}/version`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
      });
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      const res = await env.fetch('POST /version', { headers: { origin: 'https://app.example.com' } });
      expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(res.headers['access-control-expose-headers']).toBe('x-version');
      expect((await env.fetch('POST /version', { body: 'x'.repeat(2000) })).status).toBe(413);
    } finally {
      await env.close();
    }
  });

  test('a refused preflight is answered without CORS headers, with Vary: Origin and a dev log line saying why', async () => {
    const app = new App({ name: 'cors' });
    const api = new HttpApi(app, 'Api', { cors: { allowOrigins: ['https://app.example.com'] } });
    api.route('POST /version', new Function(app, 'Version', { entry, handler: 'version' }));
    const lines: string[] = [];
    const env = await local(app, {
      onInvocation: (e) => lines.push(`${e.function} ${e.trigger} ${e.status} ${e.error ?? ''}`),
    });
    try {
      const denied = await fetch(`${env.url}/version`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
      });
      expect(denied.status).toBe(204);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      expect(denied.headers.get('vary')).toBe('origin');
      await fetch(`${env.url}/nowhere`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
      });
      expect(lines).toEqual([
        'cors/Api preflight POST /version from https://evil.example.com refused origin https://evil.example.com is not in cors.allowOrigins (https://app.example.com)',
        '(no route) preflight GET /nowhere from https://app.example.com refused no route answers GET /nowhere',
      ]);
      const missing = await env.fetch('GET /nowhere', { headers: { origin: 'https://evil.example.com' } });
      expect(missing.status).toBe(404);
      expect(missing.headers.vary).toBe('origin');
    } finally {
      await env.close();
    }
  });

  test('a client that aborts mid-body or sends a malformed path costs that request only', async () => {
    const app = new App({ name: 'abuse' });
    const api = new HttpApi(app, 'Api');
    api.route('POST /version', new Function(app, 'Version', { entry, handler: 'version' }));
    api.route('GET /orders/{id}', new Function(app, 'Order', { entry, handler: 'version' }));
    const env = await local(app);
    try {
      const { port } = new URL(env.url);
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve) => {
          const socket = net.connect(Number(port), '127.0.0.1', () => {
            socket.write('POST /version HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{');
            setTimeout(() => {
              socket.destroy();
              resolve();
            }, 20);
          });
        });
      }
      const bad = await env.fetch('GET /orders/%zz%');
      expect(bad.status).toBe(400);
      expect(bad.json()).toEqual({ message: 'Bad Request' });
      expect((await env.fetch('POST /version', { json: {} })).status).toBe(200);
    } finally {
      await env.close();
    }
  });

  test('a body that trickles is cut with 408; a Host that is not a loopback name is refused (DNS rebinding)', async () => {
    const app = new App({ name: 'slowloris' });
    new HttpApi(app, 'Api').route(
      'POST /version',
      new Function(app, 'Version', { entry, handler: 'version' }),
    );
    const env = await local(app, { bodyTimeoutMs: 300 });
    try {
      const { port } = new URL(env.url);
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        const socket = net.connect(Number(port), '127.0.0.1', () => {
          socket.write('POST /version HTTP/1.1\r\nhost: localhost\r\ncontent-length: 100\r\n\r\n{');
          const drip = setInterval(() => socket.writable && socket.write(' '), 50);
          socket.once('close', () => clearInterval(drip));
        });
        socket.on('data', (d: Buffer) => (text += String(d)));
        socket.once('close', () => resolve(text));
        socket.on('error', () => undefined);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      // fetch() cannot set Host; a raw request can, as a rebinding page's browser would send it.
      const withHost = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(
            { host: '127.0.0.1', port: Number(port), path: '/version', method: 'POST', headers: { host } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
        });
      expect(await withHost('evil.example')).toBe(403);
      expect(await withHost(`evil.example:${port}`)).toBe(403);
      for (const host of [
        'localhost',
        `localhost:${port}`,
        `127.0.0.1:${port}`,
        'api.localhost',
        `[::1]:${port}`,
      ])
        expect(await withHost(host)).toBe(200);
    } finally {
      await env.close();
    }
  });

  test('two APIs claiming the same route are refused with local.route.conflict', async () => {
    const app = new App({ name: 'conflict' });
    const fn = new Function(app, 'Version', { entry, handler: 'version' });
    new HttpApi(app, 'One').route('GET /v', fn);
    new HttpApi(app, 'Two').route('GET /v', fn);
    await expect(local(app)).rejects.toThrow(ValidationError);
    await expect(local(app)).rejects.toMatchObject({
      issues: [expect.objectContaining({ rule: 'local.route.conflict', path: 'conflict/Two' })],
    });
  });

  test('editing a handler file rebuilds only the functions built from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anycloud-reload-'));
    const file = join(dir, 'handlers.ts');
    copyFileSync(entry, file);
    const other = join(dir, 'other.ts');
    writeFileSync(
      other,
      "import { http } from 'anycloud/runtime';\nexport const handler = http(() => ({ json: { other: true } }));\n",
    );
    const app = new App({ name: 'reload' });
    const api = new HttpApi(app, 'Api');
    api.route('GET /version', new Function(app, 'Version', { entry: file, handler: 'version' }));
    api.route('GET /other', new Function(app, 'Other', { entry: other }));
    const reloaded: string[] = [];
    const env = await local(app, { watch: true, onReload: (fn) => reloaded.push(fn.node.path) });
    try {
      expect((await env.fetch('GET /version')).json()).toEqual({ version: 1 });
      const waitForReloads = async (n: number) => {
        const deadline = Date.now() + 10_000;
        while (reloaded.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 150)); // no late duplicate
      };
      // In place (most editors), then twice as a "safe write" (vim, JetBrains: a temporary file
      // renamed over the original), then in place again: every edit is rebuilt.
      const edits: [string, 'in place' | 'rename'][] = [
        ['version: 2', 'in place'],
        ['version: 3', 'rename'],
        ['version: 4', 'rename'],
        ['version: 5', 'in place'],
      ];
      let current = 'version: 1';
      for (const [next, style] of edits) {
        const text = readFileSync(file, 'utf8').replace(current, next);
        if (style === 'in place') writeFileSync(file, text);
        else {
          writeFileSync(`${file}.swp`, text);
          renameSync(`${file}.swp`, file);
        }
        current = next;
        await waitForReloads(edits.indexOf(edits.find((e) => e[0] === next)!) + 1);
        expect((await env.fetch('GET /version')).json()).toEqual({ version: Number(next.split(' ')[1]) });
      }
      expect(reloaded).toEqual(edits.map(() => 'reload/Version'));
      expect((await env.fetch('GET /other')).json()).toEqual({ other: true });
    } finally {
      await env.close();
    }
  });

  test('a crash in the middle of a write leaves the old or the new state, never a torn file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anycloud-crash-'));
    const target = join(dir, 'state.json');
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'crash-writer.js'), target], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 150 + round * 37));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const state = JSON.parse(readFileSync(target, 'utf8')) as { n: number; filler: string };
      expect(state.filler.length).toBe(2_000_000 + (state.n % 7));
    }
    // Leftover temporary files never shadow the state file.
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual(['state.json']);
  });

  test('a table written by a process killed with SIGKILL keeps every acknowledged write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anycloud-table-crash-'));
    const file = join(dir, 'tables', 'Items.sqlite');
    const table = new Table(new App({ name: 'crash' }), 'Items', {
      partitionKey: 'id',
      sortKey: { name: 'n', type: 'number' },
    });
    for (let round = 0; round < 3; round++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(__dirname, 'fixtures', 'table-writer.ts'), file],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let acknowledged = -1;
      let buffered = '';
      child.stdout!.on('data', (d: Buffer) => {
        buffered += String(d);
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) acknowledged = Number(line);
      });
      const deadline = Date.now() + 20_000;
      while (acknowledged < 50 * (round + 1) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, round * 13));
      child.kill('SIGKILL');
      await new Promise((r) =>
        child.exitCode !== null || child.signalCode ? r(undefined) : child.once('exit', r),
      );
      // The state lock's cleanup, as the next LocalApp runs it: the killed writer's SQLite lock folder.
      removeOrphanTempFiles(dir);
      const store = new TableStore(table, file, systemClock);
      try {
        const kept = new Set(store.items().map((i) => Number(i.n)));
        const lost = Array.from({ length: acknowledged + 1 }, (_, n) => n).filter((n) => !kept.has(n));
        expect({ round, acknowledged: acknowledged >= 0, lost }).toEqual({
          round,
          acknowledged: true,
          lost: [],
        });
      } finally {
        store.close();
      }
    }
  }, 90_000);

  test('a second LocalApp on a state folder is refused naming the first; a killed holder is taken over and its temp files removed', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'anycloud-shared-'));
    const app = () => {
      const a = new App({ name: 'shared' });
      const notes = new Table(a, 'Notes', { partitionKey: 'id' });
      const fn = new Function(a, 'Version', { entry, handler: 'version' });
      notes.grantRead(fn);
      new HttpApi(a, 'Api').route('GET /v', fn);
      return a;
    };
    // Same process: the second start is refused, the first keeps working.
    const first = await local(app(), { stateDir });
    await expect(local(app(), { stateDir })).rejects.toThrow(StateInUseError);
    await expect(local(app(), { stateDir })).rejects.toThrow(`is in use by process ${process.pid}`);
    await first.close();
    // Another process (a dev server): refused naming its pid; after SIGKILL, taken over.
    // `node --import tsx`, not the tsx CLI: the pid that holds the folder is the one we kill.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'fixtures', 'hold-state.ts'), stateDir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => String(d).includes('ready') && resolve());
        child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
      });
      const refused = await local(app(), { stateDir }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StateInUseError);
      expect((refused as StateInUseError).holder.pid).toBe(child.pid);
      expect((refused as Error).message).toContain('hold-state.ts');
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    }
    const orphan = join(stateDir, 'tables', '.Notes.sqlite.999999.1.tmp');
    writeFileSync(orphan, 'half a write');
    // SQLite's lock folder, as a process killed inside a write leaves it.
    mkdirSync(join(stateDir, 'tables', 'Notes.sqlite.lock'), { recursive: true });
    const second = await local(app(), { stateDir });
    try {
      expect(second.table('Notes').items()).toEqual([{ id: 'from-the-first-process' }]);
      await second.table('Notes').put({ id: 'from-the-second-process' });
      expect(second.table('Notes').items()).toHaveLength(2);
      expect(readdirSync(join(stateDir, 'tables')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await second.close();
    }
    expect(readdirSync(stateDir)).not.toContain('.lock');
  }, 60_000);

  test('an invocation that outlives its timeout fails with a 500 and a log naming the timeout', async () => {
    const app = new App({ name: 'slow' });
    new HttpApi(app, 'Api').route(
      'GET /slow',
      new Function(app, 'Sleepy', { entry, handler: 'sleepy', timeout: '1 second' }),
    );
    const logs: string[] = [];
    const env = await local(app, { onInvocation: (l) => logs.push(`${l.function} ${l.status} ${l.error}`) });
    try {
      const started = Date.now();
      const res = await env.fetch('GET /slow');
      expect(res.status).toBe(500);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(logs).toEqual(['slow/Sleepy 500 slow/Sleepy timed out after 1 seconds']);
    } finally {
      await env.close();
    }
  });

  test('advance() needs the fake clock', async () => {
    const app = new App({ name: 'real' });
    new HttpApi(app, 'Api').route('GET /v', new Function(app, 'Version', { entry, handler: 'version' }));
    const env = await LocalApp.start(app, { stateDir: mkdtempSync(join(tmpdir(), 'anycloud-real-')) });
    try {
      await expect(env.advance('1 day')).rejects.toThrow('advance() needs the fake clock');
    } finally {
      await env.close();
    }
  });
});
