import { App as CdkApp, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HttpApi, Queue, Table } from 'anycloud';
import { buildAws } from 'anycloud/aws';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { awsTemplate, withCdkValidation } from './stack';

describe('composing with hand-written CDK', () => {
  test('builds into a construct inside a user stack, next to hand-written resources that use ours', () => {
    const app = testApp('shop');
    const orders = new Table(app, 'Orders', { partitionKey: 'pk' });
    const fn = fixtureFunction(app, 'Api');
    orders.grantRead(fn);
    new HttpApi(app, 'Http').route('GET /x', fn);

    const stack = new Stack(new CdkApp(), 'Existing');
    const audit = new sqs.Queue(stack, 'HandWrittenAudit', { enforceSSL: true });
    const build = withCdkValidation(false, () => buildAws(app, new Construct(stack, 'Shop')));
    // the escape hatch: raw CDK on our native constructs
    build.nativeOf(orders).table.grantReadData(
      new lambda.Function(stack, 'HandWrittenReader', {
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => 1'),
      }),
    );
    build.nativeOf(fn).function.addEnvironment('AUDIT_QUEUE', audit.queueUrl);

    expect(build.nativeOf(orders).table).toBeInstanceOf(dynamodb.TableV2);
    expect(build.nativeOf(fn).function).toBeInstanceOf(lambda.Function);
    expect(build.nativeOf(fn).role.node.path).toBe('Existing/Shop/Api-Role');
    const template = withCdkValidation(false, () => Template.fromStack(stack));
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ AUDIT_QUEUE: { Ref: Match.stringLikeRegexp('^HandWrittenAudit') } }),
      },
    });
  });

  test.each([
    ['a role of its own', true],
    ['no role (CDK makes one)', false],
  ])(
    "a function transform that gives the function %s: the grants and the queue poller's actions go to the role it runs with, and anycloud's role is not created",
    (_, own) => {
      const app = testApp();
      const table = new Table(app, 'T', { partitionKey: 'pk' });
      const worker = fixtureFunction(app, 'Worker', { handler: 'worker' });
      table.grantRead(worker);
      new Queue(app, 'Jobs').subscribe(worker);
      const { template, build } = awsTemplate(app, {
        transforms: {
          function: (props) => ({
            ...props,
            role: own
              ? new iam.Role(Stack.of(props.logGroup!), 'MyRole', {
                  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
                })
              : undefined,
          }),
        },
      });
      const role = build.nativeOf(worker).role;
      expect(role.node.path).toBe(own ? 'Test/MyRole' : 'Test/Worker/ServiceRole');
      const roleId = Stack.of(role).resolve((role.node.defaultChild as iam.CfnRole).logicalId) as string;
      template.resourceCountIs('AWS::IAM::Role', 1);
      template.hasResourceProperties('AWS::Lambda::Function', { Role: { 'Fn::GetAtt': [roleId, 'Arn'] } });
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
            Match.objectLike({ Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'] }),
            Match.objectLike({
              Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
            }),
          ]),
        },
      });
    },
  );

  test('transforms change native props before creation, per kind', () => {
    const app = testApp();
    new Table(app, 'T', { partitionKey: 'pk' });
    fixtureFunction(app, 'Fn');
    const seen: string[] = [];
    const { template } = awsTemplate(app, {
      transforms: {
        function: (props, node) => {
          seen.push(node.node.path);
          return { ...props, tracing: lambda.Tracing.ACTIVE, timeout: Duration.seconds(3) };
        },
        table: (props) => ({ ...props, deletionProtection: true }),
      },
    });
    expect(seen).toEqual(['test/Fn']);
    template.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
      Timeout: 3,
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
  });

  test('nativeOf refuses a construct of another app', () => {
    const { build } = awsTemplate(testApp());
    const other = new Table(testApp('other'), 'T', { partitionKey: 'pk' });
    expect(() => build.nativeOf(other)).toThrow('other/T was not built by this AWS build');
  });
});
