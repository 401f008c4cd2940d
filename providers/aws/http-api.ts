import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
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
 * The construct holding anycloud's routes in `scope` (made once per scope), acknowledged
 * once for APIG4: only our routes are under it, never a user's hand-written ones.
 */
function routesIn(scope: Construct): Construct {
  const existing = scope.node.tryFindChild('HttpRoutes');
  if (existing) return existing as Construct;
  const routes = new Construct(scope, 'HttpRoutes');
  acknowledge(routes, [
    {
      id: 'AwsSolutions-APIG4',
      reason:
        'Routes of the neutral HttpApi are public by design; handlers authenticate requests, or an authorizer is attached through the http-api transform.',
    },
  ]);
  return routes;
}

function corsMethod(method: string): apigwv2.CorsHttpMethod {
  return method === '*' ? apigwv2.CorsHttpMethod.ANY : (method as apigwv2.CorsHttpMethod);
}

/** HttpApi → API Gateway HTTP API (v2), `$default` stage with JSON access logs; each route a Lambda proxy integration. */
export const httpApiBuilder: AwsBuilder<'http-api'> = {
  create(node, ctx) {
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
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    ctx.register(node, { api, stage, accessLogs });
  },

  connect(node, ctx) {
    const { api } = ctx.nativeOf(node);
    node.routes.forEach(({ key, target }) => {
      const fn = ctx.nativeOf(target).function;
      const routeId = `${constructIdOf(node)}-${key.method}${key.path.replace(/[{}+]/g, '').replace(/\//g, '-') || '-root'}`;
      new apigwv2.HttpRoute(routesIn(ctx.scopeOf(target)), routeId, {
        httpApi: api,
        routeKey: apigwv2.HttpRouteKey.with(key.path, key.method as apigwv2.HttpMethod),
        integration: new HttpLambdaIntegration(`${routeId}-Integration`, fn),
      });
    });
  },
};
