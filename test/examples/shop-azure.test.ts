import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synth, type PulumiSynthDocument, type PulumiSynthResource } from 'anycloud/testing';
import { shopApp } from '../../examples/shop/app';

const root = join(__dirname, '..', '..');
const count = (doc: PulumiSynthDocument, type: string) => doc.resources.filter((r) => r.type === type).length;

describe('examples/shop synthesized for Azure (Pulumi program under mocks)', () => {
  let doc: PulumiSynthDocument;
  const byName = (name: string): PulumiSynthResource => {
    const found = doc.resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };
  const settingsOf = (fn: string) =>
    Object.fromEntries(
      (
        byName(`shop/${fn}/app`).inputs as { siteConfig: { appSettings: { name: string; value: string }[] } }
      ).siteConfig.appSettings.map((s) => [s.name, s.value]),
    );

  beforeAll(async () => {
    doc = await synth(shopApp(), 'azure', { secrets: { ReportingApiKey: 'rk-super-secret-value' } });
  }, 120_000);

  test('declares function apps, API Management operations, storage queues, Event Grid subscriptions, tables, a Key Vault secret and role assignments', () => {
    expect(count(doc, 'azure-native:web:WebApp')).toBe(8);
    expect(count(doc, 'azure-native:web:AppServicePlan')).toBe(8);
    expect(count(doc, 'azure-native:apimanagement:ApiManagementService')).toBe(1);
    // 3 routes + 2 CORS preflight paths (/orders and /orders/{id})
    expect(count(doc, 'azure-native:apimanagement:ApiOperation')).toBe(5);
    // Fulfilment, 2 topic subscribers, 1 object-event subscription, the nightly schedule queue: each + poison
    expect(count(doc, 'azure-native:storage:Queue')).toBe(10);
    expect(count(doc, 'azure-native:eventgrid:EventSubscription')).toBe(2);
    expect(count(doc, 'azure-native:eventgrid:SystemTopicEventSubscription')).toBe(1);
    expect(count(doc, 'azure-native:storage:Table')).toBe(4);
    expect(count(doc, 'azure-native:keyvault:Secret')).toBe(1);
    expect(count(doc, 'azure-native:authorization:RoleAssignment')).toBeGreaterThan(20);
  });

  test('the secret value never appears in the document', () => {
    expect(JSON.stringify(doc)).not.toContain('rk-super-secret-value');
    expect((byName('shop/ReportingApiKey/secret').inputs as { properties: unknown }).properties).toEqual({
      value: '<secret>',
    });
  });

  test('the nightly report in Paris: an hourly UTC timer checked against croner in the shim', () => {
    const triggers = JSON.parse(settingsOf('NightlyReport').ANYCLOUD_TRIGGERS);
    expect(triggers.timers).toEqual([
      { schedule: '0 0 * * * *', matchers: [{ id: 'Nightly', timeZone: 'Europe/Paris', cron: '0 2 * * *' }] },
    ]);
  });

  test('each function reads only what it was granted', () => {
    expect(Object.keys(JSON.parse(settingsOf('GetOrder').ANYCLOUD_BINDINGS))).toEqual(['Orders']);
    expect(Object.keys(JSON.parse(settingsOf('CreateOrder').ANYCLOUD_BINDINGS)).sort()).toEqual([
      'Fulfilment',
      'OrderEvents',
      'Orders',
    ]);
  });

  test('the document is the same on every run', async () => {
    const again = await synth(shopApp(), 'azure', { secrets: { ReportingApiKey: 'rk-super-secret-value' } });
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  }, 120_000);

  test('snapshot', () => {
    expect(doc).toMatchSnapshot();
  });

  test('anycloud synth examples/shop --target azure writes azure.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'anycloud-azure-out-'));
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'cli', 'bin.js'),
        'synth',
        join(root, 'examples', 'shop'),
        '--target',
        'azure',
        '--out',
        out,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('azure-native:web:WebApp');
    const written = JSON.parse(readFileSync(join(out, 'azure.json'), 'utf8')) as PulumiSynthDocument;
    expect(written.resources.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        'azure-native:web:WebApp',
        'azure-native:apimanagement:ApiOperation',
        'azure-native:storage:Queue',
        'azure-native:eventgrid:EventSubscription',
        'azure-native:storage:Table',
        'azure-native:keyvault:Secret',
        'azure-native:authorization:RoleAssignment',
      ]),
    );
  }, 120_000);
});
