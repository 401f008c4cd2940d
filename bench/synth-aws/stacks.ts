import { join } from 'node:path';
import { Duration, NestedStack, RemovalPolicy, Stack, type App as CdkApp } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { App, Function, HttpApi, Table } from 'anycloud';
import { AwsStack } from 'anycloud/aws';

/** The benchmark handler: reads one item by id. */
export const HANDLER_ENTRY = join(__dirname, 'handler.ts');

/** N functions, each with a route and a read grant on one table, through anycloud. */
export function anycloudStack(cdkApp: CdkApp, n: number): Stack {
  const app = new App({ name: 'bench' });
  const table = new Table(app, 'Items', { partitionKey: 'pk' });
  const api = new HttpApi(app, 'Api');
  for (let i = 0; i < n; i++) {
    const fn = new Function(app, `Fn${i}`, { entry: HANDLER_ENTRY });
    table.grantRead(fn);
    api.route(`GET /items${i}/{id}`, fn);
  }
  return new AwsStack(cdkApp, 'Bench', { app });
}

/**
 * The same resources written by hand in aws-cdk-lib, the way a careful CDK user would:
 * own role and log group per function, exact IAM actions, access-logged $default stage,
 * a prebuilt bundle as the code asset, and nested stacks of 57 functions past ~400 resources.
 */
export function handWrittenStack(cdkApp: CdkApp, n: number, bundleDir: string): Stack {
  const stack = new Stack(cdkApp, 'Bench');
  const table = new dynamodb.TableV2(stack, 'Items', {
    tableName: 'bench-dev-Items',
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billing: dynamodb.Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const api = new apigwv2.HttpApi(stack, 'Api', { apiName: 'bench-dev-Api', createDefaultStage: false });
  const accessLogs = new logs.LogGroup(stack, 'ApiAccessLogs', {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  new apigwv2.HttpStage(stack, 'DefaultStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    accessLogSettings: {
      destination: new apigwv2.LogGroupLogDestination(accessLogs),
      format: AccessLogFormat.clf(),
    },
  });
  const perGroup = 57;
  let scope: Construct = stack;
  let code = lambda.Code.fromAsset(bundleDir);
  for (let i = 0; i < n; i++) {
    if (n * 7 > 400 && i % perGroup === 0) {
      scope = new NestedStack(stack, `Functions${i / perGroup + 1}`);
      code = lambda.Code.fromAsset(bundleDir); // an asset belongs to one stack
    }
    const name = `bench-dev-Fn${i}`;
    const logGroup = new logs.LogGroup(scope, `Fn${i}-Logs`, {
      logGroupName: `/aws/lambda/${name}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(scope, `Fn${i}-Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [table.tableArn],
      }),
    );
    const fn = new lambda.Function(scope, `Fn${i}`, {
      functionName: name,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code,
      memorySize: 512,
      timeout: Duration.seconds(10),
      role,
      logGroup,
      environment: { TABLE_NAME: table.tableName },
    });
    new apigwv2.HttpRoute(scope, `Route${i}`, {
      httpApi: api,
      routeKey: apigwv2.HttpRouteKey.with(`/items${i}/{id}`, apigwv2.HttpMethod.GET),
      integration: new HttpLambdaIntegration(`Integration${i}`, fn),
    });
  }
  return stack;
}
