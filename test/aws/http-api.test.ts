import { App as CdkApp, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AwsStack } from 'anycloud/aws';
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

  test('auth: one JWT authorizer; protected routes use it (scopes as authorization scopes), public ones do not; stage throttling', () => {
    const app = testApp();
    const api = new HttpApi(app, 'Api', {
      auth: { jwt: { issuer: 'https://id.example.com/', audience: ['api', 'web'] } },
      throttle: { rate: 50, burst: 80 },
    });
    const fn = fixtureFunction(app, 'Fn');
    api.route('GET /me', fn);
    api.route('GET /admin', fn, { auth: { scopes: ['admin:read'] } });
    api.route('GET /health', fn, { auth: 'none' });
    const { template } = awsTemplate(app);
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.values(authorizers).map((a) => a.Properties)).toEqual([
      expect.objectContaining({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: 'https://id.example.com/', Audience: ['api', 'web'] },
      }),
    ]);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    const byKey = Object.fromEntries(routes.map((r) => [r.RouteKey, r]));
    expect(byKey['GET /me']).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: Object.keys(authorizers)[0] },
    });
    expect(byKey['GET /me'].AuthorizationScopes).toBeUndefined();
    expect(byKey['GET /admin']).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizationScopes: ['admin:read'],
    });
    expect(byKey['GET /health'].AuthorizerId).toBeUndefined();
    expect(byKey['GET /health'].AuthorizationType ?? 'NONE').toBe('NONE');
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80 },
    });
  });

  test('cdk-nag: a protected route raises no APIG4; a public one is acknowledged with a reason', () => {
    const app = testApp();
    const api = new HttpApi(app, 'Api', {
      auth: { jwt: { issuer: 'https://id.example.com/', audience: 'api' } },
    });
    const fn = fixtureFunction(app, 'Fn');
    api.route('GET /me', fn);
    api.route('GET /health', fn, { auth: 'none' });
    const cdkApp = new CdkApp({ analyticsReporting: false });
    const stack = new AwsStack(cdkApp, 'Nag', { app });
    Validations.of(cdkApp).addPlugins(new AwsSolutionsChecks(cdkApp));
    Template.fromStack(stack);
    const unacknowledged = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-APIG4')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-APIG4')),
    ];
    expect(unacknowledged).toEqual([]);
    const acknowledgedAt = stack.node
      .findAll()
      .filter((c) =>
        c.node.metadata.some(
          (m) =>
            m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
            Object.keys(m.data as object).some((k) => k.includes('AwsSolutions-APIG4')),
        ),
      )
      .map((c) => c.node.path);
    expect(acknowledgedAt).toEqual([expect.stringMatching(/\/HttpRoutes$/)]);
    const authorized = stack.node.findAll().filter((c) => c.node.path.endsWith('/AuthorizedHttpRoutes'));
    expect(authorized).toHaveLength(1);
    expect(authorized[0].node.findAll().some((c) => c.node.id.includes('GET-me'))).toBe(true);
  });
});
