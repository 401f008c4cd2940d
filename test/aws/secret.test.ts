import { Match } from 'aws-cdk-lib/assertions';
import { Secret } from 'anycloud';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { awsTemplate } from './stack';

describe('Secret on AWS', () => {
  test('is a Secrets Manager secret readable only by granted functions', () => {
    const app = testApp('shop');
    const s = new Secret(app, 'ApiKey', { description: 'partner key' });
    s.grantRead(fixtureFunction(app, 'Reader'));
    fixtureFunction(app, 'Other');
    const { template } = awsTemplate(app);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: Match.stringLikeRegexp('^shop-dev-ApiKey-'),
      Description: 'partner key',
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ReaderRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'secretsmanager:GetSecretValue',
            Effect: 'Allow',
            Resource: { Ref: Match.stringLikeRegexp('^ApiKey') },
          },
        ]),
      },
    });
    const other = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      /^OtherRole/.test(p.Properties.Roles[0].Ref),
    )!;
    expect(JSON.stringify(other)).not.toContain('secretsmanager');
  });
});
