import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { Bucket, Queue, Schedule, Secret, Table, Topic } from 'anycloud';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { allActions, awsTemplate } from './stack';

describe('Function on AWS', () => {
  test('is a Lambda with its own role, its own log group with retention, and the bindings of its grants', () => {
    const app = testApp('shop');
    const t = new Table(app, 'Orders', { partitionKey: 'pk', sortKey: 'sk' });
    const fn = fixtureFunction(app, 'Api', {
      memory: '1 GB',
      timeout: '20 seconds',
      environment: { STAGE: 'dev' },
      nodeVersion: 'nodejs22',
    });
    t.grantRead(fn);
    const { template, build } = awsTemplate(app, { logRetentionDays: 14 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.stringLikeRegexp('^shop-dev-Api-[0-9a-f]{8}$'),
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 20,
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiRole'), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ApiLogs') } },
      Environment: {
        Variables: Match.objectLike({
          STAGE: 'dev',
          ANYCLOUD_FUNCTION: 'shop/Api',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^/aws/lambda/shop-dev-Api-'),
      RetentionInDays: 14,
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
      ManagedPolicyArns: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiLogs'), 'Arn'] },
          },
        ]),
      },
    });
    const env = Object.values(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment
      .Variables;
    const bindings = JSON.stringify(env.ANYCLOUD_BINDINGS);
    expect(bindings).toContain('\\"Orders\\":{\\"kind\\":\\"table\\",\\"access\\":\\"read\\"');
    expect(bindings).toContain('\\"partitionKey\\":{\\"name\\":\\"pk\\",\\"type\\":\\"string\\"}');
    expect(build.nativeOf(fn).function.runtime.name).toBe('nodejs22.x');
  });

  test('each function has its own role: no role is shared and no grant leaks to another function', () => {
    const app = testApp();
    const t = new Table(app, 'T', { partitionKey: 'pk' });
    const a = fixtureFunction(app, 'A');
    fixtureFunction(app, 'B');
    t.grantReadWrite(a);
    const { template } = awsTemplate(app);
    template.resourceCountIs('AWS::IAM::Role', 2);
    const roles = Object.values(template.findResources('AWS::Lambda::Function')).map((f) =>
      JSON.stringify(f.Properties.Role),
    );
    expect(new Set(roles).size).toBe(2);
    const bPolicy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      /^BRole/.test(p.Properties.Roles[0].Ref),
    )!;
    expect(JSON.stringify(bPolicy)).not.toContain('dynamodb');
  });

  test('asynchronous triggers get retries and a dead-letter queue; HTTP-only functions get neither', () => {
    const app = testApp();
    const scheduled = fixtureFunction(app, 'Scheduled', { handler: 'nightly' });
    new Schedule(app, 'Every5', { rate: '5 minutes', target: scheduled });
    fixtureFunction(app, 'HttpOnly');
    const { template } = awsTemplate(app);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.stringLikeRegexp('-Scheduled-'),
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.stringLikeRegexp('-HttpOnly-'),
      DeadLetterConfig: Match.absent(),
    });
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
  });

  test("a user's NODE_OPTIONS are kept, with source maps added", () => {
    const app = testApp();
    fixtureFunction(app, 'Tuned', { environment: { NODE_OPTIONS: '--max-old-space-size=900' } });
    const { template } = awsTemplate(app);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ NODE_OPTIONS: '--max-old-space-size=900 --enable-source-maps' }),
      },
    });
  });

  test('bundles only the clients of granted kinds, minified, with a source map', () => {
    const app = testApp();
    const b = new Bucket(app, 'Files');
    const withBucket = fixtureFunction(app, 'WithBucket');
    b.grantRead(withBucket);
    const plain = fixtureFunction(app, 'Plain');
    const { build } = awsTemplate(app);
    const code = (fn: typeof plain) => readFileSync(join(build.bundleOf(fn).assetDir, 'index.js'), 'utf8');
    expect(code(withBucket)).toContain('ListObjectsV2');
    expect(code(plain)).not.toContain('ListObjectsV2');
    expect(code(plain)).not.toContain('DynamoDB');
    expect(code(plain)).toMatch(/sourceMappingURL=index\.js\.map/);
    expect(build.bundleOf(plain).bytes).toBeLessThan(20_000);
    expect(build.bundleOf(withBucket).bytes).toBeGreaterThan(build.bundleOf(plain).bytes);
  });

  test('by default the SDK is left to the Lambda runtime (a much smaller bundle that requires @aws-sdk); externalAwsSdk: false bundles it', () => {
    const app = testApp();
    const t = new Table(app, 'T', { partitionKey: 'pk' });
    const fn = fixtureFunction(app, 'Reader');
    t.grantRead(fn);
    const bundled = awsTemplate(app, { externalAwsSdk: false }).build.bundleOf(fn);
    const external = awsTemplate(app).build.bundleOf(fn);
    expect(external.bytes).toBeLessThan(bundled.bytes / 10);
    const code = readFileSync(join(external.assetDir, 'index.js'), 'utf8');
    expect(code).toContain('require("@aws-sdk/lib-dynamodb")');
    // The bundled one carries the document client itself; the external one does not.
    const marker = 'incompatible version of DynamoDBClient';
    expect(readFileSync(join(bundled.assetDir, 'index.js'), 'utf8')).toContain(marker);
    expect(code).not.toContain(marker);
  });

  test('no action in any policy of a full app contains a wildcard', () => {
    const app = testApp();
    const fn = fixtureFunction(app, 'Everything');
    new Table(app, 'T', { partitionKey: 'pk' }).grantReadWrite(fn);
    new Bucket(app, 'B').grantReadWrite(fn);
    new Queue(app, 'Q').grantSend(fn);
    new Topic(app, 'Tp').grantPublish(fn);
    new Secret(app, 'S').grantRead(fn);
    const q = new Queue(app, 'Work');
    q.subscribe(fixtureFunction(app, 'Worker', { handler: 'worker' }));
    const actions = allActions(awsTemplate(app).template);
    expect(actions.length).toBeGreaterThan(15);
    for (const action of actions) expect(action).not.toContain('*');
  });
});
