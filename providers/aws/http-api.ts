import { defaultJwksUrl } from 'anycloud/adapter';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { acknowledge } from './nag';
import { NAME_RULES, physicalName } from './naming';

/** Access log line: one JSON object per request, HTTP API context variables only. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  time: '$context.requestTime',
  method: '$context.httpMethod',
  route: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
});

/**
 * The construct holding anycloud's public routes in `scope` (made once per scope), acknowledged
 * once for APIG4: only routes the app made public are under it (an HttpApi without auth, or a
 * route with `auth: 'none'`), never a protected one nor a user's hand-written one.
 */
function publicRoutesIn(scope: Construct): Construct {
  const existing = scope.node.tryFindChild('HttpRoutes');
  if (existing) return existing as Construct;
  const routes = new Construct(scope, 'HttpRoutes');
  acknowledge(routes, [
    {
      id: 'AwsSolutions-APIG4',
      reason:
        "Public by the app's own choice: the HttpApi has no auth, or the route says auth: 'none'. Routes of an HttpApi with auth have a JWT authorizer and are not under this construct.",
    },
  ]);
  return routes;
}

/** The construct holding anycloud's protected routes in `scope` (JWT authorizer on each). */
function protectedRoutesIn(scope: Construct): Construct {
  return (
    (scope.node.tryFindChild('AuthorizedHttpRoutes') as Construct | undefined) ??
    new Construct(scope, 'AuthorizedHttpRoutes')
  );
}

function corsMethod(method: string): apigwv2.CorsHttpMethod {
  return method === '*' ? apigwv2.CorsHttpMethod.ANY : (method as apigwv2.CorsHttpMethod);
}

/**
 * HttpApi → API Gateway HTTP API (v2), `$default` stage with JSON access logs and the API's
 * throttling; each route a Lambda proxy integration, behind a JWT authorizer (with the route's
 * scopes as authorization scopes) when the API has auth and the route is not public.
 */
export const httpApiBuilder: AwsBuilder<'http-api'> = {
  create(node, ctx) {
    if (node.auth && node.auth.jwksUrl !== defaultJwksUrl(node.auth.issuer))
      ctx.degrade(
        node,
        'aws.http-api.jwks-url-ignored',
        `the HTTP API JWT authorizer finds the signing keys by the issuer's OpenID discovery, not at jwksUrl ${node.auth.jwksUrl}`,
      );
    const id = constructIdOf(node);
    const cors = node.cors;
    const props = ctx.transform(
      'http-api',
      {
        apiName: physicalName(node, NAME_RULES.httpApi),
        description: `anycloud ${node.node.path}`,
        createDefaultStage: false,
        corsPreflight: cors && {
          allowOrigins: [...cors.allowOrigins],
          allowMethods: cors.allowMethods.map(corsMethod),
          allowHeaders: [...cors.allowHeaders],
          exposeHeaders: cors.exposeHeaders.length > 0 ? [...cors.exposeHeaders] : undefined,
          allowCredentials: cors.allowCredentials,
          maxAge: Duration.seconds(cors.maxAgeSeconds),
        },
      },
      node,
    );
    const api = new apigwv2.HttpApi(ctx.rootScope, id, props);
    const accessLogs = new logs.LogGroup(ctx.rootScope, `${id}-AccessLogs`, {
      retention: ctx.settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new apigwv2.HttpStage(ctx.rootScope, `${id}-DefaultStage`, {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: node.throttle.rate, burstLimit: node.throttle.burst },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    ctx.register(node, { api, stage, accessLogs });
  },

  connect(node, ctx) {
    const { api } = ctx.nativeOf(node);
    // One JWT authorizer per API: API Gateway finds the keys through the issuer's OpenID discovery.
    const authorizer =
      node.auth &&
      new HttpJwtAuthorizer(`${constructIdOf(node)}-Jwt`, node.auth.issuer, {
        jwtAudience: [...node.auth.audience],
        identitySource: ['$request.header.Authorization'],
      });
    node.routes.forEach(({ key, target, auth }) => {
      const fn = ctx.nativeOf(target).function;
      const routeId = `${constructIdOf(node)}-${key.method}${key.path.replace(/[{}+]/g, '').replace(/\//g, '-') || '-root'}`;
      const isProtected = auth.kind === 'jwt' && authorizer;
      new apigwv2.HttpRoute(
        isProtected ? protectedRoutesIn(ctx.scopeOf(target)) : publicRoutesIn(ctx.scopeOf(target)),
        routeId,
        {
          httpApi: api,
          routeKey: apigwv2.HttpRouteKey.with(key.path, key.method as apigwv2.HttpMethod),
          integration: new HttpLambdaIntegration(`${routeId}-Integration`, fn),
          ...(isProtected
            ? { authorizer, ...(auth.scopes.length > 0 ? { authorizationScopes: [...auth.scopes] } : {}) }
            : {}),
        },
      );
    });
  },
};
