import fc from 'fast-check';
import { App, Queue } from 'anycloud';
import { AZURE_NAME_RULES, appScopedName, azureName, roleAssignmentName } from '../../providers/azure/naming';

/** Azure's own rules (resource-name-rules), written independently of AZURE_NAME_RULES. */
const AZURE_RULES: Record<keyof typeof AZURE_NAME_RULES, RegExp> = {
  functionApp: /^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$/,
  plan: /^[a-z0-9-]{1,60}$/,
  identity: /^[a-z0-9][a-z0-9_-]{2,127}$/,
  container: /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
  deploymentContainer: /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
  queue: /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
  table: /^[A-Za-z][A-Za-z0-9]{2,62}$/,
  eventGridTopic: /^[a-zA-Z0-9-]{3,50}$/,
  eventSubscription: /^[a-zA-Z0-9-]{3,64}$/,
  apim: /^[a-zA-Z](?:[a-zA-Z0-9-]{0,48}[a-zA-Z0-9])?$/,
  keyVaultSecret: /^[0-9a-zA-Z-]{1,127}$/,
};

const appName = fc.stringMatching(/^[a-z][a-z0-9-]{0,40}$/);
const stage = fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/);
const ids = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,90}$/), {
  minLength: 2,
  maxLength: 4,
  comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
});

describe('Azure names', () => {
  test('every construct name fits Azure’s rule for its kind and is distinct per construct', () => {
    fc.assert(
      fc.property(appName, stage, ids, (name, stageName, constructIds) => {
        const app = new App({ name, stage: stageName });
        const nodes = constructIds.map((id) => new Queue(app, id));
        for (const rule of Object.keys(AZURE_NAME_RULES) as (keyof typeof AZURE_NAME_RULES)[]) {
          const names = nodes.map((node) => azureName(node, rule));
          for (const n of names) {
            expect(n).toMatch(AZURE_RULES[rule]);
            expect(n.length).toBeLessThanOrEqual(AZURE_NAME_RULES[rule].maxLength);
          }
          expect(new Set(names).size).toBe(nodes.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('a queue name with `-poison` still fits the queue rule (63 characters)', () => {
    fc.assert(
      fc.property(appName, stage, ids, (name, stageName, constructIds) => {
        const app = new App({ name, stage: stageName });
        for (const id of constructIds) {
          const poison = `${azureName(new Queue(app, id), 'queue')}-poison`;
          expect(poison).toMatch(AZURE_RULES.queue);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('app-scoped global names fit: storage accounts 3-24 [a-z0-9], Key Vault 3-24 with a letter first', () => {
    fc.assert(
      fc.property(appName, stage, fc.stringMatching(/^[a-z]{1,12}$/), (name, stageName, role) => {
        const app = new App({ name, stage: stageName });
        expect(appScopedName(app, 'storageAccount', role)).toMatch(/^[a-z0-9]{3,24}$/);
        expect(appScopedName(app, 'keyVault', role)).toMatch(/^[a-z](?!.*--)[a-z0-9-]{1,22}[a-z0-9]$/);
        expect(appScopedName(app, 'resourceGroup', role)).toMatch(/^[a-z0-9-]{1,90}$/);
        expect(appScopedName(app, 'systemTopic', role).length).toBeLessThanOrEqual(50);
      }),
      { numRuns: 200 },
    );
  });

  test('two apps whose names differ only past the storage-account room get different accounts', () => {
    const a = appScopedName(
      new App({ name: 'averyveryverylongappname-one', stage: 'dev' }),
      'storageAccount',
      'data',
    );
    const b = appScopedName(
      new App({ name: 'averyveryverylongappname-two', stage: 'dev' }),
      'storageAccount',
      'data',
    );
    expect(a).not.toBe(b);
    expect(a.slice(0, 15)).toBe(b.slice(0, 15));
  });

  test('role assignment names are stable version-5-style GUIDs, distinct per scope, role and principal', () => {
    const name = roleAssignmentName('scope', 'role', 'principal');
    expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(roleAssignmentName('scope', 'role', 'principal')).toBe(name);
    expect(roleAssignmentName('scope2', 'role', 'principal')).not.toBe(name);
    expect(roleAssignmentName('scope', 'role2', 'principal')).not.toBe(name);
    expect(roleAssignmentName('scope', 'role', 'principal2')).not.toBe(name);
  });
});
