import { Match } from 'aws-cdk-lib/assertions';
import { Topic } from 'anycloud';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { awsTemplate } from './stack';

describe('Topic on AWS', () => {
  test('is an encrypted SNS topic; every subscriber is a Lambda subscription with its own dead-letter queue and retries', () => {
    const app = testApp('shop');
    const t = new Topic(app, 'Events');
    t.subscribe(fixtureFunction(app, 'A', { handler: 'worker' }));
    t.subscribe(fixtureFunction(app, 'B', { handler: 'worker' }), { maxRetries: 1 });
    t.grantPublish(fixtureFunction(app, 'Publisher'));
    const { template } = awsTemplate(app);
    const topic = Object.values(template.findResources('AWS::SNS::Topic'))[0];
    expect(topic.Properties.TopicName).toMatch(/^shop-dev-Events-[0-9a-f]{8}$/);
    expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).toContain(':alias/aws/sns');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ADeadLetters'), 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^A') },
      MaximumRetryAttempts: 2,
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^B') },
      MaximumRetryAttempts: 1,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.stringLikeRegexp('-A-'),
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ADeadLetters'), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^PublisherRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('^Events') } },
        ]),
      },
    });
  });
});
