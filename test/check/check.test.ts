import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Function } from 'anycloud';
import { targetNames } from 'anycloud/testing';
import { checkApp, type CheckReport } from '../../cli/check/check-report';
import { renderCheck } from '../../cli/check/render-check';
import { exitCodeOf, targetsOf } from '../../cli/commands/check';
import shop from '../../examples/shop/anycloud.app';
import { smallApp } from '../support/target-issues';
import { degradationApp, plainApp } from './degradation-app';

const root = join(__dirname, '..', '..');
const TARGETS = ['aws', 'azure', 'cloudflare', 'gcp', 'local'];

/** The text without terminal colours (picocolors colours it under CI=true). */
// eslint-disable-next-line no-control-regex
const withoutColours = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** Every degradation of a report as `target path id`, sorted. */
const degradationsOf = (report: CheckReport) =>
  report.rows
    .flatMap((row) => report.targets.flatMap((t) => row.cells[t].degradations))
    .map((d) => `${d.target} ${d.path} ${d.id}`)
    .sort();

/** Every id a builder passes to `ctx.degrade(node, '<id>', ...)` in providers/. */
function declaredIds(): string[] {
  const ids = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/\.degrade\(\s*[\w.]+,\s*'([a-z0-9.-]+)'/g))
          ids.add(m[1]);
    }
  };
  walk(join(root, 'providers'));
  return [...ids].sort();
}

describe('anycloud check', () => {
  let degraded: CheckReport;
  beforeAll(async () => {
    degraded = await checkApp(degradationApp(), TARGETS);
  }, 120_000);

  test('every target reports the degradations its builders declare for an app built to trigger them', () => {
    expect(degraded.built).toEqual({ aws: true, azure: true, cloudflare: true, gcp: true, local: true });
    expect(degradationsOf(degraded)).toEqual(
      [
        'aws degrade/Api aws.http-api.jwks-url-ignored',
        'azure degrade/Api azure.http-api.jwks-url-ignored',
        'azure degrade/Api azure.http-api.throttle-not-applied',
        'azure degrade/Items azure.table.ttl-hidden-not-deleted',
        'azure degrade/Nightly azure.schedule.zone-in-shim',
        'azure degrade/OnUpload azure.function.host-storage-shared',
        'azure degrade/Reader azure.function.host-storage-shared',
        'azure degrade/SubscriberA azure.function.host-storage-shared',
        'azure degrade/SubscriberB azure.function.host-storage-shared',
        'azure degrade/Tick azure.function.host-storage-shared',
        'azure degrade/Worker azure.function.host-storage-shared',
        'cloudflare degrade/Api cloudflare.http-api.throttle-not-applied',
        'cloudflare degrade/Events cloudflare.topic.publish-not-atomic',
        'cloudflare degrade/Nightly cloudflare.schedule.zone-in-shim',
        'gcp degrade/Api gcp.http-api.invalid-json-html',
        'gcp degrade/Api gcp.http-api.throttle-not-applied',
        'gcp degrade/Events gcp.delivery.dead-letter-after-5-deliveries',
        'gcp degrade/Events gcp.delivery.dead-letter-after-5-deliveries',
        'gcp degrade/Files gcp.bucket.suffix-in-shim',
        'gcp degrade/Files gcp.delivery.dead-letter-after-5-deliveries',
        'gcp degrade/Items gcp.table.grant-widened',
        'gcp degrade/Jobs gcp.delivery.dead-letter-after-5-deliveries',
        'gcp degrade/Jobs gcp.queue.batches-of-one',
        'gcp degrade/Jobs gcp.queue.delay-approximate',
        'gcp degrade/Tick gcp.delivery.dead-letter-after-5-deliveries',
      ].sort(),
    );
    // Reasons carry the values involved.
    const nightly = degraded.rows.find((r) => r.path === 'degrade/Nightly')!;
    expect(nightly.cells.cloudflare.degradations[0].reason).toContain('Europe/Paris');
    expect(nightly.cells.aws.status).toBe('ok');
    const jobs = degraded.rows.find((r) => r.path === 'degrade/Jobs')!;
    expect(jobs.cells.gcp.degradations.map((d) => d.reason).join('\n')).toContain('not up to 5');
  });

  test('every degradation a builder can declare is triggered by that app (a new one needs a case)', () => {
    const triggered = new Set(degradationsOf(degraded).map((d) => d.split(' ')[2]));
    expect(declaredIds().filter((id) => !triggered.has(id))).toEqual([]);
    expect(declaredIds().length).toBeGreaterThanOrEqual(triggered.size);
  });

  test('an app with nothing to degrade is ✓ on AWS and locally, and only the real gaps show elsewhere', async () => {
    const report = await checkApp(plainApp(), TARGETS);
    expect(degradationsOf(report)).toEqual([
      'azure plain/Api azure.http-api.throttle-not-applied',
      'azure plain/Echo azure.function.host-storage-shared',
      'cloudflare plain/Api cloudflare.http-api.throttle-not-applied',
      'gcp plain/Api gcp.http-api.invalid-json-html',
      'gcp plain/Api gcp.http-api.throttle-not-applied',
    ]);
    expect(exitCodeOf(report, false)).toBe(0);
    expect(exitCodeOf(report, true)).toBe(1);
    const aws = await checkApp(plainApp(), ['aws', 'local']);
    expect(exitCodeOf(aws, true)).toBe(0);
  }, 120_000);

  test('the shop: every construct on every target, with the native resources it becomes', async () => {
    const report = await checkApp(shop, TARGETS);
    expect(report.rows.map((r) => r.path)).toEqual([
      'shop',
      ...shop.node
        .findAll()
        .filter((c) => 'kind' in c)
        .map((c) => c.node.path),
    ]);
    expect(report.totals.errors).toBe(0);
    const cell = (path: string, target: string) =>
      report.rows.find((r) => r.path === `shop/${path}`)!.cells[target];
    const types = (path: string, target: string) => [
      ...new Set(cell(path, target).natives.map((n) => n.type)),
    ];
    expect(types('Orders', 'aws')).toEqual(['AWS::DynamoDB::GlobalTable']);
    expect(types('Orders', 'gcp')).toEqual(['gcp:firestore/field:Field']);
    expect(types('Orders', 'local')).toEqual(['local:sqlite-table']);
    expect(types('CreateOrder', 'aws')).toEqual([
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::Lambda::Function',
      'AWS::Logs::LogGroup',
    ]);
    expect(types('Fulfilment', 'aws')).toEqual(['AWS::SQS::Queue', 'AWS::SQS::QueuePolicy']);
    expect(types('Api', 'gcp')).toEqual([
      'gcp:apigateway/api:Api',
      'gcp:apigateway/apiConfig:ApiConfig',
      'gcp:apigateway/gateway:Gateway',
    ]);
    // Nothing a construct made is lost: every CloudFormation resource of the stack has an owner row.
    const awsTotal = report.rows.reduce((n, r) => n + r.cells.aws.natives.length, 0);
    expect(awsTotal).toBeGreaterThan(60);
    expect(cell('Orders', 'gcp').status).toBe('degraded');
    expect(cell('Orders', 'aws').status).toBe('ok');
    expect(exitCodeOf(report, false)).toBe(0);
    expect(exitCodeOf(report, true)).toBe(1);

    const text = withoutColours(renderCheck(report));
    expect(text.split('\n')[0]).toMatch(/^construct\s+kind\s+aws\s+azure\s+cloudflare\s+gcp\s+local$/);
    expect(text).toMatch(/\nOrders\s+table\s+✓ 1\s+✓ 1\s+✓ \d+\s+⚠ 1\s+✓ 1\n/);
    expect(text).toContain('[gcp.table.grant-widened]');
    expect(text).toContain('shop/Orders (table)');
  }, 120_000);

  test('errors: ✗ where a target refuses a construct, every target still checked, exit 1', async () => {
    const app = smallApp((a, fn) => {
      new Function(a, 'Slow', { entry: fn.entry, handler: 'echo', timeout: '20 minutes' });
    });
    const report = await checkApp(app, TARGETS);
    const slow = report.rows.find((r) => r.path === 'limits/Slow')!;
    expect(Object.fromEntries(TARGETS.map((t) => [t, slow.cells[t].status]))).toEqual({
      aws: 'error',
      azure: 'degraded', // every Azure function shares the host storage account
      cloudflare: 'error',
      gcp: 'ok',
      local: 'ok',
    });
    expect(slow.cells.aws.errors.map((e) => e.rule)).toEqual(['aws.function.timeout']);
    expect(report.built).toEqual({ aws: false, azure: true, cloudflare: false, gcp: true, local: true });
    // A refused target lists no resources; the others do.
    expect(slow.cells.aws.natives).toEqual([]);
    expect(slow.cells.gcp.natives.length).toBeGreaterThan(0);
    expect(report.rows.find((r) => r.path === 'limits/Echo')!.cells.aws.status).toBe('ok');
    expect(exitCodeOf(report, false)).toBe(1);
    const text = withoutColours(renderCheck(report));
    expect(text).toMatch(/\nSlow\s+function\s+✗\s+⚠ \d+\s+✗\s+✓ \d+\s+✓ 1\n/);
    expect(text).toContain('aws         limits/Slow  Lambda timeout must be at most 900 seconds');
    expect(text).toContain('not built: aws, cloudflare refused the app');
  }, 120_000);

  test('--target takes all or a comma-separated list, and refuses unknown names', () => {
    expect(targetsOf('all')).toEqual(targetNames());
    expect(targetsOf('gcp, aws,gcp')).toEqual(['gcp', 'aws']);
    expect(() => targetsOf('aws,oracle')).toThrow(
      'unknown target "oracle": use aws, azure, cloudflare, gcp, local, all',
    );
    expect(() => targetsOf(',')).toThrow('unknown target');
  });

  test('the command prints JSON for CI, exits 1 with --strict on a degradation, and writes nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'anycloud-check-cli-'));
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [join(root, 'cli', 'bin.js'), 'check', join(root, 'examples', 'hello'), ...args],
        {
          cwd,
          env: { ...process.env, NO_COLOR: '1', CDK_VALIDATION: 'false' },
          encoding: 'utf8',
        },
      );
    const json = run('--target', 'aws,gcp', '--json');
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as CheckReport;
    expect(report.targets).toEqual(['aws', 'gcp']);
    expect(report.totals.errors).toBe(0);
    expect(report.totals.degradations).toBeGreaterThan(0);
    const strict = run('--target', 'gcp', '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('[gcp.http-api.throttle-not-applied]');
    expect(run('--target', 'aws', '--strict').status).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
  }, 120_000);
});
