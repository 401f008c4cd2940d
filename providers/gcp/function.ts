import * as cloudfunctionsv2 from '@pulumi/gcp/cloudfunctionsv2';
import * as pubsub from '@pulumi/gcp/pubsub';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as storage from '@pulumi/gcp/storage';
import * as pulumi from '@pulumi/pulumi';
import type { Function } from 'anycloud';
import { hasAsyncTriggers } from 'anycloud/adapter';
import { ENTRY_POINT, packageHash } from './bundling';
import type { GcpBinding, GcpBuildContext, GcpBuilder } from './context';
import { functionEnvironment, SCHEDULE_RETRIES } from './function-env';
import { declareIamMember, GCP_ROLES, type IamGrant } from './iam';
import { cpuOf, memoryOf } from './limits';
import { gcpName, serviceAccountId } from './naming';
import { declarePushDelivery, pushPath } from './push-delivery';

/** The IAM roles of `fn`'s service account (one per grant, the same role on the same resource once) and its bindings. */
function functionGrants(fn: Function, ctx: GcpBuildContext) {
  const iam = new Map<string, IamGrant>();
  const bindings: Record<string, GcpBinding> = {};
  for (const grant of fn.grants) {
    const made = ctx.grant(grant);
    bindings[grant.resource.node.id] = made.binding;
    for (const g of made.iam) iam.set(`${g.scopeKey} ${g.role}`, g);
  }
  return { iam: [...iam.values()], bindings };
}

/** True when something invokes `fn`: a route, a queue, a topic, object events or a schedule. */
function isInvoked(fn: Function, ctx: GcpBuildContext): boolean {
  const t = ctx.triggersOf(fn);
  return t.routes.length + t.queues.length > 0 || hasAsyncTriggers(t);
}

/** The arguments of the Cloud Function (gen2). */
function functionArgs(
  fn: Function,
  ctx: GcpBuildContext,
  account: serviceaccount.Account,
  source: storage.BucketObject,
  bindings: Readonly<Record<string, GcpBinding>>,
): cloudfunctionsv2.FunctionArgs {
  return {
    project: ctx.settings.project,
    location: ctx.settings.region,
    name: gcpName(fn, 'function'),
    description: `anycloud ${fn.node.path}`,
    buildConfig: {
      runtime: fn.nodeVersion,
      entryPoint: ENTRY_POINT,
      source: { storageSource: { bucket: source.bucket, object: source.name } },
    },
    serviceConfig: {
      availableMemory: memoryOf(fn.memoryMb),
      availableCpu: cpuOf(fn.memoryMb),
      timeoutSeconds: fn.timeoutSeconds,
      maxInstanceCount: ctx.settings.maximumInstanceCount,
      // One request at a time per instance, as on every other target.
      maxInstanceRequestConcurrency: 1,
      serviceAccountEmail: account.email,
      // Callers are API Gateway, Pub/Sub push and nobody else: IAM (run.invoker) decides, not the network.
      ingressSettings: 'ALLOW_ALL',
      allTrafficOnLatestRevision: true,
      environmentVariables: functionEnvironment(fn, ctx, bindings),
    },
  };
}

/**
 * Function → a Cloud Function (gen2, a Cloud Run service underneath) with its own service
 * account holding only its grants (one IAM member per grant, the narrowest role on the single
 * resource), its code as a zip named by its content hash in the app's private source bucket, one
 * request per instance, and `roles/run.invoker` for the app's invoker account only (API Gateway,
 * Pub/Sub push and Cloud Scheduler call as that account; nobody else can). Schedules publish into
 * the function's own topic, pushed back to it with two retries and a dead-letter topic.
 */
export const functionBuilder: GcpBuilder<'function'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const project = ctx.settings.project;
    const path = node.node.path;
    const serviceAccount = new serviceaccount.Account(
      `${path}/service-account`,
      {
        project,
        accountId: serviceAccountId(node.app, path, node.node.id),
        displayName: `anycloud ${path}`,
      },
      ctx.optionsOf(node),
    );
    const { iam, bindings } = functionGrants(node, ctx);
    const member = pulumi.interpolate`serviceAccount:${serviceAccount.email}`;
    const iamMembers = iam.map((grant) =>
      declareIamMember(
        `${path}/iam-${grant.scopeKey.replace(/^.*?\//, '')}-${grant.role.split('/').pop()}`,
        member,
        grant,
        project,
        ctx.optionsOf(node),
      ),
    );
    const bundle = ctx.packages.get(node)!;
    const source = new storage.BucketObject(
      `${path}/source`,
      {
        bucket: ctx.shared.sourceBucket!.name,
        name: `${gcpName(node, 'function')}-${packageHash(bundle).slice(0, 16)}.zip`,
        source: new pulumi.asset.FileArchive(bundle.assetDir),
      },
      ctx.optionsOf(node),
    );
    const fn = new cloudfunctionsv2.Function(
      `${path}/function`,
      ctx.transform('function', functionArgs(node, ctx, serviceAccount, source, bindings), node),
      ctx.optionsOf(node, iamMembers),
    );
    const invoker = isInvoked(node, ctx)
      ? declareIamMember(
          `${path}/invoker`,
          pulumi.interpolate`serviceAccount:${ctx.shared.invoker!.email}`,
          {
            role: GCP_ROLES.runInvoker,
            scope: {
              kind: 'run-service',
              service: fn.serviceConfig.apply((c) => c?.service ?? ''),
              location: ctx.settings.region,
            },
            scopeKey: `${path}/function`,
          },
          project,
          ctx.optionsOf(node),
        )
      : undefined;
    const scheduleTopic =
      ctx.triggersOf(node).schedules.length > 0
        ? new pubsub.Topic(
            `${path}/schedules`,
            { project, name: gcpName(node, 'pubsub', 'schedules') },
            ctx.optionsOf(node),
          )
        : undefined;
    // Cloud Scheduler publishes the firings as its service agent: publisher on this topic only.
    const schedulePublisher = scheduleTopic
      ? declareIamMember(
          `${path}/schedules-publisher`,
          pulumi.interpolate`serviceAccount:service-${ctx.shared.projectNumber}@gcp-sa-cloudscheduler.iam.gserviceaccount.com`,
          {
            role: GCP_ROLES.publisher,
            scope: { kind: 'topic', topic: scheduleTopic.name },
            scopeKey: `${path}/schedules`,
          },
          project,
          ctx.optionsOf(node),
        )
      : undefined;
    ctx.register(node, {
      component,
      serviceAccount,
      source,
      function: fn,
      uri: fn.serviceConfig.apply((c) => c?.uri ?? ''),
      scheduleTopic,
      schedulePublisher,
      iamMembers,
      invoker,
    });
  },

  connect(node, ctx) {
    const native = ctx.nativeOf(node);
    if (native.scheduleTopic)
      native.scheduleDelivery = declarePushDelivery(
        {
          owner: node,
          role: 'schedules',
          name: gcpName(node, 'pubsub', 'schedules-consumer'),
          topic: native.scheduleTopic,
          target: node,
          path: pushPath({ kind: 'schedule', id: node.node.id }),
          maxRetries: SCHEDULE_RETRIES,
        },
        ctx,
      );
    native.component.complete({ functionName: native.function.name, uri: native.uri });
  },
};
