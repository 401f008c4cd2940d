import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synth, type PulumiSynthDocument, type PulumiSynthResource } from 'anycloud/testing';
import { shopApp } from '../../examples/shop/app';

const root = join(__dirname, '..', '..');
const count = (doc: PulumiSynthDocument, type: string) => doc.resources.filter((r) => r.type === type).length;

describe('examples/shop synthesized for GCP (Pulumi program under mocks)', () => {
  let doc: PulumiSynthDocument;
  const byName = (name: string): PulumiSynthResource => {
    const found = doc.resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };
  const envOf = (fn: string) =>
    (
      byName(`shop/${fn}/function`).inputs as {
        serviceConfig: { environmentVariables: Record<string, string> };
      }
    ).serviceConfig.environmentVariables;

  beforeAll(async () => {
    doc = await synth(shopApp(), 'gcp', { secrets: { ReportingApiKey: 'rk-super-secret-value' } });
  }, 120_000);

  test('declares Cloud Functions, an API Gateway config, Pub/Sub with dead letters, a notification, Firestore, a Scheduler job, a secret and IAM members', () => {
    expect(count(doc, 'gcp:cloudfunctionsv2/function:Function')).toBe(8);
    expect(count(doc, 'gcp:serviceaccount/account:Account')).toBe(9); // 8 functions + the invoker
    expect(count(doc, 'gcp:apigateway/apiConfig:ApiConfig')).toBe(1);
    expect(count(doc, 'gcp:apigateway/gateway:Gateway')).toBe(1);
    // Fulfilment, OrderEvents, the image events, the nightly schedule topic: each push delivery has a dead-letter topic
    expect(count(doc, 'gcp:pubsub/topic:Topic')).toBe(9);
    expect(count(doc, 'gcp:pubsub/subscription:Subscription')).toBe(10);
    const pushes = doc.resources.filter(
      (r) =>
        r.type === 'gcp:pubsub/subscription:Subscription' &&
        (r.inputs as { pushConfig?: unknown }).pushConfig,
    );
    expect(pushes).toHaveLength(5);
    for (const p of pushes) expect(p.inputs).toHaveProperty('deadLetterPolicy.maxDeliveryAttempts', 5);
    expect(count(doc, 'gcp:storage/notification:Notification')).toBe(1);
    expect(count(doc, 'gcp:firestore/database:Database')).toBe(1);
    expect(count(doc, 'gcp:firestore/field:Field')).toBe(5); // Reports' TTL policy, and each table's JSON field unindexed
    expect(count(doc, 'gcp:cloudscheduler/job:Job')).toBe(1);
    expect(count(doc, 'gcp:secretmanager/secret:Secret')).toBe(1);
    expect(count(doc, 'gcp:secretmanager/secretIamMember:SecretIamMember')).toBe(1);
    expect(count(doc, 'gcp:cloudrunv2/serviceIamMember:ServiceIamMember')).toBe(8);
  });

  test('the secret value never appears in the document', () => {
    expect(JSON.stringify(doc)).not.toContain('rk-super-secret-value');
    expect((byName('shop/ReportingApiKey/version').inputs as { secretData: unknown }).secretData).toBe(
      '<secret>',
    );
  });

  test('the nightly report runs in Paris on Cloud Scheduler itself', () => {
    expect(byName('shop/Nightly/job').inputs).toMatchObject({
      schedule: '0 2 * * *',
      timeZone: 'Europe/Paris',
    });
  });

  test('each function reads only what it was granted', () => {
    expect(Object.keys(JSON.parse(envOf('GetOrder').ANYCLOUD_BINDINGS))).toEqual(['Orders']);
    expect(Object.keys(JSON.parse(envOf('CreateOrder').ANYCLOUD_BINDINGS)).sort()).toEqual([
      'Fulfilment',
      'OrderEvents',
      'Orders',
    ]);
  });

  test('the document is the same on every run', async () => {
    const again = await synth(shopApp(), 'gcp', { secrets: { ReportingApiKey: 'rk-super-secret-value' } });
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  }, 120_000);

  test('snapshot', () => {
    expect(doc).toMatchSnapshot();
  });

  test('anycloud synth examples/shop --target gcp writes gcp.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'anycloud-gcp-out-'));
    const result = spawnSync(
      process.execPath,
      [join(root, 'cli', 'bin.js'), 'synth', join(root, 'examples', 'shop'), '--target', 'gcp', '--out', out],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('gcp:cloudfunctionsv2/function:Function');
    const written = JSON.parse(readFileSync(join(out, 'gcp.json'), 'utf8')) as PulumiSynthDocument;
    expect(written.resources.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        'gcp:cloudfunctionsv2/function:Function',
        'gcp:apigateway/apiConfig:ApiConfig',
        'gcp:pubsub/topic:Topic',
        'gcp:pubsub/subscription:Subscription',
        'gcp:storage/notification:Notification',
        'gcp:firestore/database:Database',
        'gcp:cloudscheduler/job:Job',
        'gcp:secretmanager/secret:Secret',
        'gcp:projects/iAMMember:IAMMember',
      ]),
    );
  }, 120_000);
});
