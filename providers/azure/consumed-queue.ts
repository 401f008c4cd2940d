import * as storage from '@pulumi/azure-native/storage';
import type { Function, Resource } from 'anycloud';
import { childOf } from '../shared/pulumi-component';
import type { AzureBuildContext } from './context';
import type { ConsumedStorageQueue } from './natives';
import { assignRole, type RoleOnResource } from './roles';

/** The ARM id of a queue in the data account (known before deploy, so bindings and roles stay plain text). */
function queueScopeKey(owner: Resource, role: string): string {
  return `${owner.node.path}/${role}`;
}

/**
 * Declares a storage queue and its poison queue (`<name>-poison`) in the data account, under
 * `owner`'s component; their Pulumi names are `<owner path>/<role>` and `<owner path>/<role>-poison`.
 * The Functions host would create the poison queue on first failure; declaring it makes it
 * visible, grantable and removed with the app.
 */
export function declareConsumedQueue(
  owner: Resource,
  role: string,
  queueName: string,
  ctx: AzureBuildContext,
  transform: (a: storage.QueueArgs) => storage.QueueArgs = (a) => a,
): ConsumedStorageQueue {
  const parent = childOf(ctx.componentOf(owner));
  const account = ctx.shared.dataAccount!;
  const base = { accountName: account.name, resourceGroupName: ctx.shared.resourceGroupName };
  const dependsOn = { ...parent, dependsOn: [account.account] };
  const poisonQueue = new storage.Queue(
    `${owner.node.path}/${role}-poison`,
    { ...base, queueName: `${queueName}-poison` },
    dependsOn,
  );
  const queue = new storage.Queue(`${owner.node.path}/${role}`, transform({ ...base, queueName }), dependsOn);
  return { queue, poisonQueue, queueName };
}

/** The roles a consumer needs on a queue it is triggered by: receive and delete, and send to the poison queue. */
export function consumerRoles(
  owner: Resource,
  role: string,
  consumed: ConsumedStorageQueue,
): RoleOnResource[] {
  return [
    {
      role: 'storageQueueDataMessageProcessor',
      scope: consumed.queue.id,
      scopeKey: queueScopeKey(owner, role),
    },
    {
      role: 'storageQueueDataMessageSender',
      scope: consumed.poisonQueue.id,
      scopeKey: queueScopeKey(owner, `${role}-poison`),
    },
  ];
}

/**
 * Lets `target` consume a queue: its identity gets Storage Queue Data Message Processor on the
 * queue and Message Sender on the poison queue (the shim moves a message there itself when the
 * source allows fewer retries than the app's `maxDequeueCount`). Declared under `owner`.
 */
export function connectConsumer(
  owner: Resource,
  role: string,
  target: Function,
  consumed: ConsumedStorageQueue,
  ctx: AzureBuildContext,
): void {
  const fn = ctx.nativeOf(target);
  for (const grant of consumerRoles(owner, role, consumed)) {
    fn.roleAssignments.push(
      assignRole(
        `${owner.node.path}/${role}-${target.node.id}-${grant.role}`,
        { principalId: fn.identity.principalId, principalKey: target.node.path },
        grant,
        ctx.settings.subscriptionId,
        childOf(ctx.componentOf(owner)),
      ),
    );
  }
}
