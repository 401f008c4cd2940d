import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { hasAsyncTriggers } from 'anycloud/adapter';
import { corsVariesByOrigin, type Bindings } from 'anycloud/runtime/host';
import { constructIdOf } from './construct-id';
import type { AwsBuilder, AwsBuildContext } from './context';
import { acknowledgeWildcardResources } from './nag';
import { NAME_RULES, physicalName } from './naming';
import { deadLetterQueue } from './queue-defaults';
import { ENV, type Sources } from './runtime/lambda-handler';

const RUNTIMES = { nodejs22: lambda.Runtime.NODEJS_22_X, nodejs24: lambda.Runtime.NODEJS_24_X } as const;

/** JSON for an environment variable; a CloudFormation join only when the value holds tokens. */
function jsonEnvironmentValue(stack: Stack, value: object): string {
  const plain = JSON.stringify(value);
  return Token.isUnresolved(plain) ? stack.toJsonString(value) : plain;
}

/** Native names of the resources whose events wake `fn`, mapped to their construct ids. */
function sourcesOf(
  fn: Parameters<NonNullable<AwsBuilder<'function'>['create']>>[0],
  ctx: AwsBuildContext,
): Sources {
  const t = ctx.triggersOf(fn);
  const sources: Record<string, Sources[string]> = {};
  for (const { queue } of t.queues)
    sources[ctx.nativeOf(queue).queue.queueArn] = { kind: 'queue', id: queue.node.id };
  for (const { topic } of t.topics)
    sources[ctx.nativeOf(topic).topic.topicArn] = { kind: 'topic', id: topic.node.id };
  for (const { bucket } of t.objectEvents)
    sources[ctx.nativeOf(bucket).bucket.bucketName] = { kind: 'bucket', id: bucket.node.id };
  return sources;
}

/**
 * Function → Lambda with its own role (exactly the actions its grants need), its own log
 * group with retention, an esbuild bundle (user entry + AWS shim + the granted kinds'
 * clients), and, when it has asynchronous triggers, retries and a dead-letter queue.
 */
export const functionBuilder: AwsBuilder<'function'> = {
  create(node, ctx) {
    const scope = ctx.scopeOf(node);
    const id = constructIdOf(node);
    const functionName = physicalName(node, NAME_RULES.lambda);
    const stack = Stack.of(scope);

    const logGroup = new logs.LogGroup(scope, `${id}-Logs`, {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: ctx.settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(scope, `${id}-Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `anycloud function ${node.node.path}`,
    });
    // What the function's role must allow: its logs, then each grant (attached below, to the role
    // the function ends up with).
    const statements = [
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    ];
    const bindings: Record<string, Bindings[string]> = {};
    const wildcards: string[] = [];
    for (const grant of node.grants) {
      const g = ctx.grant(grant);
      statements.push(...g.statements);
      bindings[grant.resource.node.id] = g.binding;
      wildcards.push(...g.wildcardResources);
    }

    const triggers = ctx.triggersOf(node);
    const isAsync = hasAsyncTriggers(triggers);
    const dlq = isAsync
      ? deadLetterQueue(
          scope,
          `${id}-DeadLetters`,
          physicalName(node, NAME_RULES.sqs, 'dlq'),
          `failed asynchronous invocations of ${node.node.path}`,
        )
      : undefined;
    const retries = triggers.topics[0]?.subscription.maxRetries ?? 2;

    const bundle = ctx.bundles.get(node);
    if (!bundle) throw new Error(`internal: ${node.node.path} was not bundled`);

    const props = ctx.transform(
      'function',
      {
        functionName,
        description: `anycloud ${node.node.path}`,
        runtime: RUNTIMES[node.nodeVersion],
        architecture: lambda.Architecture.ARM_64,
        handler: 'index.handler',
        code: lambda.Code.fromAsset(bundle.assetDir),
        memorySize: node.memoryMb,
        timeout: Duration.seconds(node.timeoutSeconds),
        role,
        logGroup,
        environment: {
          ...node.environment,
          // The user's NODE_OPTIONS are kept; source maps are added to them.
          NODE_OPTIONS: [node.environment.NODE_OPTIONS, '--enable-source-maps'].filter(Boolean).join(' '),
          [ENV.functionPath]: node.node.path,
          [ENV.bindings]: jsonEnvironmentValue(stack, bindings),
          [ENV.sources]: jsonEnvironmentValue(stack, sourcesOf(node, ctx)),
          // API Gateway adds the CORS headers but not Vary: Origin; the shim adds it.
          ...(triggers.routes.some((r) => corsVariesByOrigin(r.api.cors)) ? { [ENV.corsVary]: '1' } : {}),
        },
        deadLetterQueue: dlq,
        retryAttempts: isAsync ? retries : undefined,
        maxEventAge: isAsync ? Duration.hours(6) : undefined,
      },
      node,
    );
    // A transform may give the function another role (or none: CDK then makes one): the
    // statements go to the role the function runs with, and anycloud's unused role is dropped.
    const ownRole = props.role === role;
    if (ownRole) statements.forEach((s) => role.addToPrincipalPolicy(s));
    else scope.node.tryRemoveChild(role.node.id);
    const fn = new lambda.Function(scope, id, props);
    const principal = fn.role!;
    if (!ownRole) statements.forEach((s) => principal.addToPrincipalPolicy(s));
    const defaultPolicy = principal.node.tryFindChild('DefaultPolicy');
    if (wildcards.length > 0 && defaultPolicy) {
      acknowledgeWildcardResources(
        defaultPolicy,
        'Object-level S3 actions (listed one by one, no action wildcards) must name the objects of the granted bucket as <bucket ARN>/*.',
      );
    }
    ctx.register(node, { function: fn, role: principal, logGroup, deadLetterQueue: dlq });
  },
};
