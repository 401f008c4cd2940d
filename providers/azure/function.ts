import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as resources from '@pulumi/azure-native/resources';
import * as storage from '@pulumi/azure-native/storage';
import * as web from '@pulumi/azure-native/web';
import * as pulumi from '@pulumi/pulumi';
import type { Function } from 'anycloud';
import { childOf } from '../shared/pulumi-component';
import { consumerRoles, declareConsumedQueue } from './consumed-queue';
import type { AzureBinding, AzureBuildContext, AzureBuilder } from './context';
import { scheduleQueueName } from './function-app-settings';
import {
  deploymentContainerArgs,
  functionAppArgs,
  hostStorageRole,
  oneDeployArgs,
  packageBlobArgs,
  packageHash,
  planArgs,
} from './function-resources';
import { azureName } from './naming';
import type { AzureNatives, ConsumedStorageQueue } from './natives';
import { assignRole, type RoleOnResource } from './roles';

/** What the function's identity is given: host storage, its schedule queue, and one role per grant. */
function functionRoles(
  fn: Function,
  ctx: AzureBuildContext,
  scheduleQueue: ConsumedStorageQueue | undefined,
) {
  const roles: RoleOnResource[] = [hostStorageRole(fn, ctx)];
  if (scheduleQueue) {
    roles.push(...consumerRoles(fn, 'schedule-queue', scheduleQueue), {
      role: 'storageQueueDataMessageSender',
      scope: scheduleQueue.queue.id,
      scopeKey: `${fn.node.path}/schedule-queue`,
    });
  }
  const bindings: Record<string, AzureBinding> = {};
  for (const grant of fn.grants) {
    const made = ctx.grant(grant);
    bindings[grant.resource.node.id] = made.binding;
    roles.push(...made.roles);
  }
  return { roles, bindings };
}

/** Declares the role assignments of the function's identity, under its component. */
function assignRoles(
  fn: Function,
  roles: readonly RoleOnResource[],
  principalId: pulumi.Input<string>,
  ctx: AzureBuildContext,
) {
  return roles.map((grant) =>
    assignRole(
      `${fn.node.path}/role-${grant.scopeKey.replace(/^.*?\//, '')}-${grant.role}`,
      { principalId, principalKey: fn.node.path },
      grant,
      ctx.settings.subscriptionId,
      childOf(ctx.componentOf(fn)),
    ),
  );
}

/** The package blob and the one deploy that installs it, replaced whenever the package changes. */
function declareDeployment(
  fn: Function,
  ctx: AzureBuildContext,
  made: Pick<AzureNatives['function'], 'component' | 'app' | 'container' | 'roleAssignments'>,
) {
  const bundle = ctx.packages.get(fn)!;
  const hash = packageHash(bundle);
  const parent = childOf(made.component, { dependsOn: [made.container] });
  const packageBlob = new storage.Blob(
    `${fn.node.path}/package`,
    packageBlobArgs(fn, ctx, new pulumi.asset.FileArchive(bundle.assetDir), hash),
    parent,
  );
  const deployment = new resources.Resource(
    `${fn.node.path}/deployment`,
    oneDeployArgs(fn, ctx),
    childOf(made.component, {
      dependsOn: [made.app, packageBlob, ...made.roleAssignments],
      replacementTrigger: hash,
    }),
  );
  return { packageBlob, deployment };
}

/**
 * Function → a Flex Consumption function app with its own plan and user-assigned identity (the
 * identity of its host storage connection, package download and every grant: one role
 * assignment per grant, the narrowest built-in role scoped to the single resource). The code is
 * its package (bundle, `host.json`, `package.json`) as `released-package.zip` in a private
 * container of the host account, installed by one deploy. Its triggers are registered by the
 * shim from the app settings; schedules fire into the function's own schedule queue (+ poison).
 *
 * `create` only declares, from a short function (see `NeutralComponent`); arguments are built in
 * function-resources.ts and function-app-settings.ts.
 */
export const functionBuilder: AzureBuilder<'function'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    ctx.degrade(
      node,
      'azure.function.host-storage-shared',
      "the Functions host needs a storage account: every function's identity holds Storage Blob Data Owner on the app's one host account (not on the app's buckets)",
    );
    const parent = childOf(component);
    const scheduleQueue =
      ctx.triggersOf(node).schedules.length > 0
        ? declareConsumedQueue(node, 'schedule-queue', scheduleQueueName(node), ctx)
        : undefined;
    const plan = new web.AppServicePlan(`${node.node.path}/plan`, planArgs(node, ctx), parent);
    const identity = new managedidentity.UserAssignedIdentity(
      `${node.node.path}/identity`,
      {
        resourceName: azureName(node, 'identity'),
        resourceGroupName: ctx.shared.resourceGroupName,
        location: ctx.settings.location,
      },
      parent,
    );
    const container = new storage.BlobContainer(
      `${node.node.path}/deployment-container`,
      deploymentContainerArgs(node, ctx),
      childOf(component, { dependsOn: [ctx.shared.hostAccount!.account] }),
    );
    const { roles, bindings } = functionRoles(node, ctx, scheduleQueue);
    const roleAssignments = assignRoles(node, roles, identity.principalId, ctx);
    const app = new web.WebApp(
      `${node.node.path}/app`,
      functionAppArgs(node, ctx, identity, plan.id, bindings),
      childOf(component, { dependsOn: roleAssignments }),
    );
    const made = { component, plan, identity, container, app, scheduleQueue, roleAssignments };
    ctx.register(node, { ...made, ...declareDeployment(node, ctx, made) });
  },

  connect(node, ctx) {
    const { component, app } = ctx.nativeOf(node);
    component.complete({ functionAppName: app.name, defaultHostName: app.defaultHostName });
  },
};
