import { App as CdkApp, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AwsStack } from 'anycloud/aws';
import { synth } from 'anycloud/testing';
import { shopApp } from '../../examples/shop/app';
import { withCdkValidation } from '../aws/stack';

// These tests synthesize the example with aws-cdk-lib's CloudFormation validator switched on.
describe('examples/shop on AWS', () => {
  let stack: AwsStack;
  let template: Template;

  beforeAll(() => {
    withCdkValidation(true, () => {
      const cdkApp = new CdkApp({ analyticsReporting: false });
      stack = new AwsStack(cdkApp, 'Shop', { app: shopApp() });
      Validations.of(cdkApp).addPlugins(new AwsSolutionsChecks(cdkApp));
      template = Template.fromStack(stack);
    });
  });

  test('cdk-nag AwsSolutions finds no unacknowledged error or warning', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).split('\n')[0]}`)).toEqual([]);
    expect(warnings.map((w) => `${w.id}: ${String(w.entry.data).split('\n')[0]}`)).toEqual([]);
  });

  test('every acknowledged finding carries a written reason, and only the expected rules are acknowledged', () => {
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .filter(([key]) => key.includes('AwsSolutions-'))
      .map(([key, reason]) => ({ id: key.replace(/^.*::(AwsSolutions-)/, '$1'), reason }));
    expect(acknowledged.length).toBeGreaterThan(5);
    for (const { reason } of acknowledged) expect(reason.length).toBeGreaterThan(40);
    const rules = new Set(acknowledged.map((a) => a.id.replace(/\[.*$/, '')));
    // The shop's routes all require a token: no APIG4 acknowledgement left.
    expect([...rules].sort()).toEqual([
      'AwsSolutions-IAM5',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
    // IAM5 is only ever acknowledged for resources, never for actions.
    for (const a of acknowledged.filter((x) => x.id.startsWith('AwsSolutions-IAM5')))
      expect(a.id).toMatch(/^AwsSolutions-IAM5\[Resource::/);
  });

  test('has the resources of the shop, one role per function', () => {
    template.resourceCountIs('AWS::Lambda::Function', 8);
    template.resourceCountIs('AWS::IAM::Role', 8 + 1); // + the scheduler's role
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 4);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 3);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    expect(Object.keys(template.findResources('Custom::S3BucketNotifications'))).toHaveLength(0);
    expect(Object.keys(template.findResources('AWS::CloudFormation::CustomResource'))).toHaveLength(0);
  });

  test('synthesizes to byte-identical, machine-independent JSON', async () => {
    const first = withCdkValidation(true, () => synth(shopApp(), 'aws'));
    const second = withCdkValidation(true, () => synth(shopApp(), 'aws'));
    const [a, b] = [JSON.stringify(await first), JSON.stringify(await second)];
    expect(a).toBe(b);
    expect(a).not.toContain(process.cwd());
    expect(a).not.toMatch(/[0-9a-f]{64}/);
    expect(JSON.parse(a)).toMatchSnapshot();
  });
});
