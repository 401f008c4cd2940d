import { Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'anycloud';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { awsTemplate } from './stack';

describe('Bucket on AWS', () => {
  test('blocks all public access, encrypts, logs access, and denies non-TLS requests', () => {
    const app = testApp();
    new Bucket(app, 'Images');
    const { template } = awsTemplate(app);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogs') },
        LogFilePrefix: 'Images/',
      },
      NotificationConfiguration: Match.absent(),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^Images') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    // The shared access-log bucket is private too and expires logs.
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true }),
    });
  });

  test('key filters match the key as S3 writes it in events (URL-encoded), in every form it can take', () => {
    const app = testApp();
    const docs = new Bucket(app, 'Docs');
    docs.onObjectCreated(fixtureFunction(app, 'Indexer', { handler: 'onObject' }), {
      prefix: 'my docs/é',
      suffix: '(1).pdf',
    });
    const { template } = awsTemplate(app);
    const rule = Object.values(template.findResources('AWS::Events::Rule'))[0].Properties;
    expect(rule.EventPattern.detail.object.key).toEqual([
      { wildcard: 'my+docs/%C3%A9*%281%29.pdf' },
      { wildcard: 'my+docs/%C3%A9*(1).pdf' },
    ]);
  });

  test('object events go through EventBridge, with no notification custom resource', () => {
    const app = testApp();
    const images = new Bucket(app, 'Images');
    const fn = fixtureFunction(app, 'Thumbnailer', { handler: 'onObject' });
    images.onObjectCreated(fn, { prefix: 'images/', suffix: '.png' });
    images.onObjectRemoved(fn, { prefix: 'images/' });
    images.onObjectCreated(fixtureFunction(app, 'Audit', { handler: 'onObject' }), { suffix: '.jpg' });
    const { template } = awsTemplate(app);
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    expect(Object.keys(template.findResources('Custom::S3BucketNotifications'))).toHaveLength(0);
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(2);
    const bucketName = { Ref: Match.stringLikeRegexp('^Images') };
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [bucketName] }, object: { key: [{ wildcard: 'images/*.png' }] } },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Thumbnailer'), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ThumbnailerDeadLetters'), 'Arn'] },
          },
          RetryPolicy: Match.objectLike({ MaximumEventAgeInSeconds: 86400 }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        'detail-type': ['Object Deleted'],
        detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix: 'images/' }] } },
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        detail: { bucket: { name: [bucketName] }, object: { key: [{ suffix: '.jpg' }] } },
      }),
    });
    template.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' }, 3);
  });

  test('grants are exact object and bucket actions, never s3:* or s3:GetObject*', () => {
    const app = testApp();
    const b = new Bucket(app, 'Files');
    const reader = fixtureFunction(app, 'Reader');
    const writer = fixtureFunction(app, 'Writer');
    const both = fixtureFunction(app, 'Both');
    b.grantRead(reader);
    b.grantWrite(writer);
    b.grantReadWrite(both);
    const { template } = awsTemplate(app);
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Files'), 'Arn'] }, '/*']] };
    const bucket = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Files'), 'Arn'] };
    const policyOf = (role: string, statements: object[]) =>
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp(`^${role}Role`) }],
        PolicyDocument: { Statement: Match.arrayWith(statements) },
      });
    policyOf('Reader', [
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objects },
      { Action: 's3:ListBucket', Effect: 'Allow', Resource: bucket },
    ]);
    policyOf('Writer', [{ Action: ['s3:PutObject', 's3:DeleteObject'], Effect: 'Allow', Resource: objects }]);
    policyOf('Both', [
      { Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Effect: 'Allow', Resource: objects },
      { Action: 's3:ListBucket', Effect: 'Allow', Resource: bucket },
    ]);
  });
});
