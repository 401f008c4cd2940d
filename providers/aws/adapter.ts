import { join } from 'node:path';
import { NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ValidationError,
  type App,
  type Function,
  type GrantableKind,
  type Kind,
  type KindMap,
} from 'anycloud';
import { BUILD_ORDER, resourcesOf, runBuilders } from 'anycloud/adapter';
import { createAccessLogBucket } from './bucket';
import { AWS_BUILDERS } from './builders';
import { kernelContext } from '../shared/build-context';
import { DegradationLog, type Degradation } from '../shared/degradation';
import { NativesRegistry } from '../shared/natives-registry';
import { validateThenBundle } from '../shared/validate-then-bundle';
import { Bundler, type Bundle } from './bundling';
import type { AwsBuildContext, AwsGrantParts, AwsSettings } from './context';
import { AWS_LIMITS, checkAwsLimits } from './limits';
import type { AwsNativeProps, AwsNatives, AwsTransforms } from './natives';
import { awsOptionsFromContext } from './settings-from-context';
import { checkStackSizes, planFunctionGroups } from './stack-split';

/** Options of an AWS build. */
export interface AwsBuildOptions {
  /** Per-kind transforms of the native props (escape hatch). */
  readonly transforms?: AwsTransforms;
  /** Days to keep function and API access logs (a CloudWatch retention value). @default 30 */
  readonly logRetentionDays?: number;
  /** Destroy tables, buckets, queues and secrets with the stack (for dev stages). @default false (retained) */
  readonly destroyData?: boolean;
  /** Where function bundles are built and cached. @default '<cwd>/.anycloud/build/aws' */
  readonly buildDir?: string;
  /** Estimated resources above which functions move into nested stacks. @default 400 */
  readonly splitThreshold?: number;
  /**
   * Use the AWS SDK v3 that the Lambda Node.js runtime ships instead of bundling the clients, as
   * CDK's `NodejsFunction` does: a DynamoDB-granted bundle is 11 KB instead of 545 KB and its cold
   * start (load + first request) ~10% faster (bench/aws-cold-start), at the price of the SDK
   * version being the runtime's. `false` bundles the version in your package-lock.json.
   * @default true
   */
  readonly externalAwsSdk?: boolean;
}

/** The result of building an app for AWS: the native constructs per neutral construct. */
export class AwsBuild {
  /** @internal */
  constructor(
    private readonly natives: NativesRegistry<AwsNatives>,
    /** Nested stacks holding functions, when the app was split (empty otherwise). */
    readonly nestedStacks: readonly NestedStack[],
    /** CloudFormation resources per stack. */
    readonly resourceCounts: ReadonlyMap<Stack, number>,
    private readonly bundles: ReadonlyMap<Function, Bundle>,
    /** Where this build gives a construct less than the neutral model promises, as its builders declared. */
    readonly degradations: readonly Degradation[],
  ) {}

  /** The esbuild bundle deployed as `fn`'s code: its directory and size. */
  bundleOf(fn: Function): Bundle {
    const found = this.bundles.get(fn);
    if (!found) throw new Error(`${fn.node.path} was not built by this AWS build`);
    return found;
  }

  /** The native constructs made for a neutral construct: the escape hatch to raw CDK. */
  nativeOf<N extends KindMap[Kind]>(node: N): AwsNatives[N['kind']] {
    return this.natives.nativeOf(node);
  }
}

const VALID_RETENTION = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * Builds `app` for AWS into `scope` (a Stack or a construct inside one), so anycloud composes
 * with hand-written CDK. Validates the app (neutral and AWS rules, all at once) before
 * declaring anything; splits functions into nested stacks when one stack would exceed 500
 * resources.
 */
export function buildAws(app: App, scope: Construct, options: AwsBuildOptions = {}): AwsBuild {
  const issues = checkAwsLimits(app);
  const retention = options.logRetentionDays ?? 30;
  if (!VALID_RETENTION.includes(retention)) {
    issues.push({
      path: app.node.path,
      rule: 'aws.logRetentionDays',
      value: retention,
      message: `logRetentionDays must be one of ${VALID_RETENTION.join(', ')}`,
    });
  }
  // Validate, then bundle every function before declaring anything: every problem is
  // reported at once, and nothing is half-built.
  const bundler = new Bundler(options.buildDir ?? join(process.cwd(), '.anycloud', 'build', 'aws'));
  const bundles = validateThenBundle(app, {
    target: 'aws',
    issues,
    bundle: (fn) =>
      bundler.bundle({
        entry: fn.entry,
        exportName: fn.handler,
        clients: Object.fromEntries(
          fn.grants.map((g) => [g.resource.kind, AWS_BUILDERS[g.resource.kind].runtimeClient]),
        ),
        nodeVersion: fn.nodeVersion,
        externalAwsSdk: options.externalAwsSdk,
      }),
  });
  Stack.of(scope); // fails early, with CDK's own message, when scope is not inside a Stack

  const settings: AwsSettings = { logRetentionDays: retention, destroyData: options.destroyData ?? false };
  const natives = new NativesRegistry<AwsNatives>('AWS');
  const degradations = new DegradationLog('aws');
  const kernel = kernelContext<AwsNatives, AwsNativeProps>(app, natives, options.transforms, degradations);
  const functions = resourcesOf(app, 'function');

  const dataCount = BUILD_ORDER.filter((k) => k !== 'function').reduce(
    (n, k) => n + resourcesOf(app, k).length,
    0,
  );
  const plan = planFunctionGroups(functions, (fn) => kernel.triggersOf(fn), {
    parentBudget: options.splitThreshold ?? 400,
    nestedBudget: options.splitThreshold ?? 400,
    dataResources: dataCount * 4,
  });
  const nestedStacks: NestedStack[] = [];
  const scopeByFunction = new Map<Function, Construct>();
  plan.groups.forEach((group, index) => {
    const groupScope = plan.split ? new NestedStack(scope, `Functions${index + 1}`) : scope;
    if (groupScope instanceof NestedStack) nestedStacks.push(groupScope);
    for (const fn of group) scopeByFunction.set(fn, groupScope);
  });

  let logBucket: s3.Bucket | undefined;
  const ctx: AwsBuildContext = {
    ...kernel,
    settings,
    rootScope: scope,
    scopeOf: (fn) => scopeByFunction.get(fn) ?? scope,
    grant: ({ resource, access }) =>
      (AWS_BUILDERS[resource.kind] as AwsGrantParts[GrantableKind]).grant(
        resource as never,
        access as never,
        ctx,
      ),
    accessLogBucket: () => (logBucket ??= createAccessLogBucket(scope, settings.destroyData)),
    bundles,
  };

  runBuilders(app, AWS_BUILDERS, ctx);

  const sizes = checkStackSizes(Stack.of(scope), AWS_LIMITS.stackResources);
  if (sizes.issues.length > 0) throw new ValidationError(sizes.issues);
  return new AwsBuild(natives, nestedStacks, sizes.counts, bundles, degradations.list());
}

/** Properties of an {@link AwsStack}. */
export interface AwsStackProps extends StackProps, AwsBuildOptions {
  /** The anycloud app to build. */
  readonly app: App;
}

/**
 * A CDK Stack holding one anycloud app: `new AwsStack(cdkApp, 'Shop', { app: shop })`.
 * `stack.build.nativeOf(node)` reaches the native constructs. Options not given in props come
 * from CDK context: `anycloud:logRetentionDays`, `anycloud:destroyData`, `anycloud:externalAwsSdk`.
 */
export class AwsStack extends Stack {
  /** The build result: native constructs per neutral construct. */
  readonly build: AwsBuild;

  constructor(scope: Construct, id: string, props: AwsStackProps) {
    super(scope, id, { description: `anycloud app ${props.app.name} (${props.app.stage})`, ...props });
    const context = awsOptionsFromContext(this, props.app.node.path);
    if (context.issues.length > 0) props.app.validate(context.issues);
    // Options given in code win over CDK context (cdk.json or `cdk deploy -c anycloud:destroyData=true`).
    const given = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
    this.build = buildAws(props.app, this, { ...context.options, ...given });
  }
}
