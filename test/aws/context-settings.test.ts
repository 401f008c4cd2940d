import { App as CdkApp } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { App, Table, ValidationError } from 'anycloud';
import { AwsStack } from 'anycloud/aws';
import { fixtureFunction } from '../fixtures/apps';

function appWithTable(): App {
  const app = new App({ name: 'ctx' });
  new Table(app, 'Orders', { partitionKey: 'id' }).grantRead(fixtureFunction(app, 'Fn'));
  return app;
}

function stackWith(context: Record<string, unknown>, props: { destroyData?: boolean } = {}): Template {
  const cdkApp = new CdkApp({ context });
  return Template.fromStack(new AwsStack(cdkApp, 'Ctx', { app: appWithTable(), ...props }));
}

describe('AWS settings from CDK context', () => {
  beforeAll(() => (process.env.CDK_VALIDATION = 'false'));

  test('anycloud:destroyData and anycloud:logRetentionDays apply when props do not set them (strings, as from -c)', () => {
    const template = stackWith({ 'anycloud:destroyData': 'true', 'anycloud:logRetentionDays': '7' });
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('props given in code win over context', () => {
    stackWith({ 'anycloud:destroyData': true }, { destroyData: false }).hasResource(
      'AWS::DynamoDB::GlobalTable',
      {
        DeletionPolicy: 'Retain',
      },
    );
  });

  test('values of the wrong type are ValidationErrors naming the key, all at once', () => {
    let error: unknown;
    try {
      stackWith({ 'anycloud:destroyData': 'yes', 'anycloud:logRetentionDays': 'a week' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => [i.rule, i.value])).toEqual([
      ['aws.context', 'a week'],
      ['aws.context', 'yes'],
    ]);
    expect((error as ValidationError).message).toContain(
      'CDK context anycloud:destroyData must be true or false',
    );
  });
});
