import { Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'anycloud';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { awsTemplate } from './stack';

describe('Queue on AWS', () => {
  test('has a dead-letter queue after maxRetries, TLS only, encryption, and a visibility timeout of 6x the consumer timeout', () => {
    const app = testApp('shop');
    const q = new Queue(app, 'Jobs', { retention: '2 days' });
    q.subscribe(fixtureFunction(app, 'Worker', { handler: 'worker', timeout: '20 seconds' }), {
      batchSize: 5,
      maxRetries: 4,
    });
    const { template } = awsTemplate(app);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: Match.stringLikeRegexp('^shop-dev-Jobs-[0-9a-f]{8}$'),
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 172800,
      VisibilityTimeout: 120,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsDeadLetters'), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: Match.stringLikeRegexp('^shop-dev-Jobs-dlq-'),
      MessageRetentionPeriod: 1209600,
      SqsManagedSseEnabled: true,
    });
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
      2,
    );
  });

  test("the event source mapping keeps the logical id CDK's SqsEventSource gave it (a renamed one fails stack updates)", () => {
    // CloudFormation would create the renamed mapping before deleting the old one, and Lambda
    // refuses a second mapping of the same queue to the same function (ResourceConflictException).
    const app = testApp();
    new Queue(app, 'Jobs').subscribe(fixtureFunction(app, 'Worker', { handler: 'worker' }));
    const { template } = awsTemplate(app);
    // The id aws-cdk-lib 2.276's SqsEventSource derived, before anycloud declared the mapping itself.
    expect(Object.keys(template.findResources('AWS::Lambda::EventSourceMapping'))).toEqual([
      'WorkerSqsEventSourceTestJobs04DD7372095F3371',
    ]);
  });

  test('the consumer reports partial batch failures with the configured batch size', () => {
    const app = testApp();
    const q = new Queue(app, 'Jobs');
    q.subscribe(fixtureFunction(app, 'Worker', { handler: 'worker' }), { batchSize: 7 });
    const { template } = awsTemplate(app);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 7,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Jobs'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^WorkerRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Jobs'), 'Arn'] },
          }),
        ]),
      },
    });
  });

  test('grantSend gives sqs:SendMessage on the queue and binds its URL', () => {
    const app = testApp();
    const q = new Queue(app, 'Jobs');
    q.grantSend(fixtureFunction(app, 'Producer'));
    const { template } = awsTemplate(app);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'sqs:SendMessage',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Jobs'), 'Arn'] },
          },
        ]),
      },
    });
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    const bindings = JSON.stringify(fn.Properties.Environment.Variables.ANYCLOUD_BINDINGS);
    expect(bindings).toContain('\\"Jobs\\":{\\"kind\\":\\"queue\\",\\"access\\":\\"send\\",\\"name\\":\\"');
    // A queue's Ref is its URL, which is what the SQS client needs.
    expect(fn.Properties.Environment.Variables.ANYCLOUD_BINDINGS['Fn::Join'][1][1]).toEqual({
      Ref: expect.stringMatching(/^Jobs/),
    });
  });
});
