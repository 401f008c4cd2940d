import { App as CdkApp, Stack } from 'aws-cdk-lib';
import { writeFileSync, mkdtempSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Function,
  HttpApi,
  Schedule,
  Table,
  Topic,
  Queue,
  ValidationError,
  type App,
  type ValidationIssue,
} from 'anycloud';
import { buildAws, type AwsBuildOptions } from 'anycloud/aws';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { withCdkValidation } from './stack';

function awsIssues(
  build: (app: App) => void,
  options: AwsBuildOptions = {},
): { issues: ValidationIssue[]; stack: Stack } {
  const app = testApp('shop');
  build(app);
  const stack = new Stack(new CdkApp(), 'Test');
  try {
    withCdkValidation(false, () => buildAws(app, stack, options));
    return { issues: [], stack };
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return { issues: [...(error as ValidationError).issues], stack };
  }
}

const brokenEntry = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'anycloud-broken-'));
  writeFileSync(
    join(dir, 'broken.ts'),
    "import { http } from 'anycloud/runtime';\nexport const handler = http(async () => ({ json: 1 }));\n",
  );
  return join(dir, 'broken.ts');
})();

const cases: [string, string, unknown, (app: App) => void, AwsBuildOptions][] = [
  ['aws.function.memory', 'shop/Fn', '64 MB', (app) => fixtureFunction(app, 'Fn', { memory: '64 MB' }), {}],
  [
    'aws.function.memory',
    'shop/Fn',
    '12288 MB',
    (app) => fixtureFunction(app, 'Fn', { memory: '12 GB' }),
    {},
  ],
  [
    'aws.function.timeout',
    'shop/Fn',
    '960 seconds',
    (app) => fixtureFunction(app, 'Fn', { timeout: '16 minutes' }),
    {},
  ],
  [
    'aws.route.timeout',
    'shop/Fn',
    '60 seconds',
    (app) => new HttpApi(app, 'Api').route('GET /', fixtureFunction(app, 'Fn', { timeout: '1 minute' })),
    {},
  ],
  [
    'aws.topic.maxRetries',
    'shop/Fn',
    5,
    (app) =>
      new Topic(app, 'T').subscribe(fixtureFunction(app, 'Fn', { handler: 'worker' }), { maxRetries: 5 }),
    {},
  ],
  [
    'aws.topic.maxRetries.conflict',
    'shop/Fn',
    [0, 1],
    (app) => {
      const fn = fixtureFunction(app, 'Fn', { handler: 'worker' });
      new Topic(app, 'A').subscribe(fn, { maxRetries: 0 });
      new Topic(app, 'B').subscribe(fn, { maxRetries: 1 });
    },
    {},
  ],
  [
    'aws.function.environment.size',
    'shop/Fn',
    '3103 bytes',
    (app) => fixtureFunction(app, 'Fn', { environment: { BIG: 'x'.repeat(3100) } }),
    {},
  ],
  [
    'aws.function.environment.reserved',
    'shop/Fn',
    'AWS_REGION',
    (app) => fixtureFunction(app, 'Fn', { environment: { AWS_REGION: 'eu-west-1' } }),
    {},
  ],
  [
    'aws.function.environment.name',
    'shop/Fn',
    'A',
    (app) => fixtureFunction(app, 'Fn', { environment: { A: 'one letter' } }),
    {},
  ],
  [
    'aws.function.environment.name',
    'shop/Fn',
    '_X',
    (app) => fixtureFunction(app, 'Fn', { environment: { _X: 'leading underscore' } }),
    {},
  ],
  [
    'aws.schedule.cron',
    'shop/S',
    '0 0 1 * 1',
    (app) =>
      new Schedule(app, 'S', {
        cron: '0 0 1 * 1',
        target: fixtureFunction(app, 'Fn', { handler: 'nightly' }),
      }),
    {},
  ],
  ['aws.logRetentionDays', 'shop', 10, () => undefined, { logRetentionDays: 10 }],
  [
    'aws.function.bundle',
    'shop/Fn',
    brokenEntry,
    (app) => new Function(app, 'Fn', { entry: brokenEntry, handler: 'missingExport' }),
    {},
  ],
];

describe('AWS target rules', () => {
  test.each(cases)('%s names the construct, the limit and the value', (rule, path, value, build, options) => {
    const { issues, stack } = awsIssues(build, options);
    const issue = issues.find((i) => i.rule === rule);
    expect(issue).toBeDefined();
    expect(issue!.path).toBe(path);
    expect(issue!.value).toEqual(value);
    // Nothing was declared: no half-built stack.
    expect(stack.node.children).toHaveLength(0);
  });

  test('neutral and AWS issues are reported together', () => {
    const { issues } = awsIssues((app) => {
      new Table(app, 'T', { partitionKey: '' });
      fixtureFunction(app, 'Fn', { memory: '64 MB' });
    });
    expect(issues.map((i) => i.rule)).toEqual(['table.partitionKey', 'aws.function.memory']);
  });

  test('a missing export is reported with the file and line esbuild gave', () => {
    const { issues } = awsIssues(
      (app) => new Function(app, 'Fn', { entry: brokenEntry, handler: 'missingExport' }),
    );
    expect(issues[0].message).toMatch(
      /cannot bundle handler "missingExport": .*No matching export.*missingExport/,
    );
  });

  test('a failed bundle leaves no staging directory behind; the bundles that built are in buildDir', () => {
    const buildDir = mkdtempSync(join(tmpdir(), 'anycloud-build-'));
    const { issues } = awsIssues(
      (app) => {
        new Function(app, 'Fn', { entry: brokenEntry, handler: 'missingExport' });
        new Function(app, 'Fine', {
          entry: join(__dirname, '..', 'fixtures', 'handlers.ts'),
          handler: 'api',
        });
      },
      { buildDir },
    );
    expect(issues.map((i) => [i.rule, i.path])).toEqual([['aws.function.bundle', 'shop/Fn']]);
    // The good function's bundle was written under buildDir (one cache folder: manifest + asset);
    // nothing else is there: no `.tmp-<pid>` staging folder of the failed one.
    const entries = readdirSync(buildDir);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(readdirSync(join(buildDir, entries[0])).sort()).toEqual(['asset', 'manifest.json']);
    expect(existsSync(join(buildDir, entries[0], 'asset', 'index.js'))).toBe(true);
  });
});

describe('the 500-resource limit of one CloudFormation stack', () => {
  test('data resources that cannot be split across stacks are reported, with the count', () => {
    const { issues } = awsIssues((app) => {
      for (let i = 0; i < 130; i++) new Queue(app, `Q${i}`); // 4 resources each: queue, dead-letter queue, two TLS policies
    });
    expect(issues).toEqual([
      expect.objectContaining({ path: 'Test', rule: 'aws.stack.resources', value: 520 }),
    ]);
    expect(issues[0].message).toContain('at most 500 resources');
  });
});
