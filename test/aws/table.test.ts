import { Match } from 'aws-cdk-lib/assertions';
import { Table } from 'anycloud';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { awsTemplate } from './stack';

describe('Table on AWS', () => {
  test('is DynamoDB on demand with point-in-time recovery, encryption, keys and TTL, retained by default', () => {
    const app = testApp('shop');
    new Table(app, 'Orders', {
      partitionKey: 'customerId',
      sortKey: { name: 'createdAt', type: 'number' },
      timeToLiveAttribute: 'expiresAt',
    });
    const { template } = awsTemplate(app);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: {
        TableName: Match.stringLikeRegexp('^shop-dev-Orders-[0-9a-f]{8}$'),
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'customerId', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'customerId', AttributeType: 'S' },
          { AttributeName: 'createdAt', AttributeType: 'N' },
        ]),
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [
          Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      },
    });
  });

  test('destroyData makes it deletable with the stack', () => {
    const app = testApp();
    new Table(app, 'T', { partitionKey: 'pk' });
    awsTemplate(app, { destroyData: true }).template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
    });
  });

  test('grantRead gives GetItem, Query and Scan on this table only; grantReadWrite adds PutItem and DeleteItem', () => {
    const app = testApp();
    const t = new Table(app, 'T', { partitionKey: 'pk' });
    const reader = fixtureFunction(app, 'Reader');
    const writer = fixtureFunction(app, 'Writer');
    t.grantRead(reader);
    t.grantReadWrite(writer);
    const { template } = awsTemplate(app);
    const tableArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^T'), 'Arn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ReaderRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
            Effect: 'Allow',
            Resource: tableArn,
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^WriterRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: [
              'dynamodb:GetItem',
              'dynamodb:Query',
              'dynamodb:Scan',
              'dynamodb:PutItem',
              'dynamodb:DeleteItem',
            ],
            Effect: 'Allow',
            Resource: tableArn,
          },
        ]),
      },
    });
  });
});
