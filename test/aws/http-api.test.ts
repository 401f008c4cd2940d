import { Match } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'anycloud';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { awsTemplate } from './stack';

describe('HttpApi on AWS', () => {
  test('is an HTTP API with CORS and a $default stage writing JSON access logs', () => {
    const app = testApp('shop');
    new HttpApi(app, 'Api', {
      cors: { allowOrigins: ['https://shop.example.com'], allowCredentials: true, maxAge: '1 hour' },
    });
    const { template } = awsTemplate(app);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      Name: Match.stringLikeRegexp('^shop-dev-Api-'),
      CorsConfiguration: {
        AllowOrigins: ['https://shop.example.com'],
        AllowCredentials: true,
        AllowHeaders: ['content-type', 'authorization'],
        AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
        MaxAge: 3600,
      },
    });
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0].Properties;
    expect(stage.StageName).toBe('$default');
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.AccessLogSettings.DestinationArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^ApiAccessLogs/), 'Arn'],
    });
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('functions behind an API whose CORS depends on the origin are told to send Vary: Origin; others are not', () => {
    const app = testApp();
    const perOrigin = new HttpApi(app, 'Api', { cors: { allowOrigins: ['https://shop.example.com'] } });
    const anyOrigin = new HttpApi(app, 'Public', { cors: { allowOrigins: ['*'] } });
    perOrigin.route('GET /a', fixtureFunction(app, 'A'));
    anyOrigin.route('GET /b', fixtureFunction(app, 'B'));
    const { template } = awsTemplate(app);
    const envOf = (path: string) =>
      Object.values(template.findResources('AWS::Lambda::Function')).find(
        (r) => r.Properties.Environment?.Variables?.ANYCLOUD_FUNCTION === path,
      )!.Properties.Environment.Variables;
    expect(envOf('test/A').ANYCLOUD_CORS_VARY).toBe('1');
    expect(envOf('test/B').ANYCLOUD_CORS_VARY).toBeUndefined();
  });

  test('each route is a Lambda proxy integration (payload 2.0) allowed to invoke only its function', () => {
    const app = testApp();
    const api = new HttpApi(app, 'Api');
    const get = fixtureFunction(app, 'GetOrder');
    api.route('GET /orders/{id}', get);
    api.route('POST /orders', fixtureFunction(app, 'CreateOrder'));
    api.route('ANY /files/{path+}', fixtureFunction(app, 'Files'));
    api.route('GET /', get);
    const { template } = awsTemplate(app);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 4);
    for (const key of ['GET /orders/{id}', 'POST /orders', 'ANY /files/{path+}', 'GET /']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: key, Target: Match.anyValue() });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GetOrder'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GetOrder'), 'Arn'] },
      SourceArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/*/*/orders/{id}'])] }),
    });
  });
});
