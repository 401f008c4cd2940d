import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '../../cli/check/check-report';
import { targetNames, unregisterTarget } from 'anycloud/adapter';
import { deploy } from 'anycloud/pulumi';
import { capturePulumiProgram, synth, type PulumiSynthDocument } from 'anycloud/testing';
import { main } from '../../cli/main';
import app from './fixture-app';
import { registerToyTarget } from './toy-target';

const root = join(__dirname, '..', '..');
const appModule = join(__dirname, 'fixture-app.ts');

describe('a target registered from outside providers/ (the toy target)', () => {
  beforeAll(() => registerToyTarget());
  afterAll(() => unregisterTarget('toy'));

  test('joins the registry after the built-in targets', () => {
    expect(targetNames()).toEqual(['aws', 'azure', 'cloudflare', 'gcp', 'local', 'toy']);
  });

  test('synth(app, "toy") runs its Pulumi program: one component per construct, a thing under each, bindings from grants', async () => {
    const doc = (await synth(app, 'toy')) as PulumiSynthDocument;
    const components = doc.resources.filter((r) => r.type.startsWith('anycloud:index:')).map((r) => r.name);
    expect(components.sort()).toEqual(['plugins/Api', 'plugins/Http', 'plugins/Jobs', 'plugins/Orders']);
    const things = doc.resources.filter((r) => r.type === 'toy:index:Thing');
    expect(things.map((t) => t.parent)).toEqual(
      expect.arrayContaining([
        'anycloud:index:Function::plugins/Api',
        'anycloud:index:Table::plugins/Orders',
      ]),
    );
    const fn = things.find((t) => t.name === 'plugins/Api/thing')!;
    expect(fn.inputs).toMatchObject({
      bindings: { Orders: { kind: 'table', access: 'readwrite' }, Jobs: { kind: 'queue', access: 'send' } },
    });
  });

  test('deploy(app) from anycloud/pulumi picks it from anycloud:target', async () => {
    const captured = await capturePulumiProgram(() => deploy(app), { config: { 'anycloud:target': 'toy' } });
    expect(captured.resources.filter((r) => r.type === 'toy:index:Thing')).toHaveLength(4);
    expect(captured.outputs).toEqual({ things: '1' });
  });

  test('anycloud synth --target toy writes toy.json (in process)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'anycloud-toy-'));
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await main(['node', 'anycloud', 'synth', appModule, '--target', 'toy', '--out', out]);
    } finally {
      write.mockRestore();
    }
    expect(process.exitCode ?? 0).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'toy.json'), 'utf8')) as PulumiSynthDocument;
    expect(doc.resources.filter((r) => r.type === 'toy:index:Thing')).toHaveLength(4);
  });
});

describe('the anycloud command with --require', () => {
  test('loads a target plugin, and synth --target all builds it with the built-in targets', () => {
    const out = mkdtempSync(join(tmpdir(), 'anycloud-toy-cli-'));
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'cli', 'bin.js'),
        '--require',
        './test/targets/toy-target-plugin.ts',
        'synth',
        appModule,
        '--target',
        'all',
        '--out',
        out,
      ],
      { cwd: root, env: { ...process.env, NO_COLOR: '1', CDK_VALIDATION: 'false' }, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const file of ['aws.json', 'cloudflare.json', 'local.json', 'toy.json'])
      expect(existsSync(join(out, file))).toBe(true);
    expect(result.stdout).toContain(`✔ toy → ${join(out, 'toy.json')}`);
    expect(result.stdout).toContain('toy:index:Thing');
  });

  test('check reports the plugin target next to the built-in ones, with the degradations its builders declare', () => {
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'cli', 'bin.js'),
        '--require',
        './test/targets/toy-target-plugin.ts',
        'check',
        appModule,
        '--target',
        'local,toy',
        '--json',
      ],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.targets).toEqual(['local', 'toy']);
    const jobs = report.rows.find((r) => r.path === 'plugins/Jobs')!;
    expect(jobs.cells.toy.status).toBe('degraded');
    expect(jobs.cells.toy.degradations.map((d) => d.id)).toEqual(['toy.queue.best-effort']);
    expect(jobs.cells.toy.natives).toEqual([{ type: 'toy:index:Thing', name: 'plugins/Jobs/thing' }]);
    expect(jobs.cells.local.status).toBe('ok');
  });

  test('without the plugin, --target toy is refused with the known targets', () => {
    const result = spawnSync(
      process.execPath,
      [join(root, 'cli', 'bin.js'), 'synth', appModule, '--target', 'toy'],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('unknown target "toy": use aws, azure, cloudflare, gcp, local, all');
  });
});
