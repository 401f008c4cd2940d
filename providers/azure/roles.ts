import * as authorization from '@pulumi/azure-native/authorization';
import * as pulumi from '@pulumi/pulumi';
import { roleAssignmentName } from './naming';

/**
 * Azure built-in roles anycloud assigns, by what they allow (ids from the built-in roles tables:
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage,
 * .../built-in-roles/security, .../built-in-roles/integration). Each grant becomes one
 * assignment of the narrowest role, scoped to the single container, table, queue, topic or secret.
 */
export const BUILT_IN_ROLES = {
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a',
  storageQueueDataMessageProcessor: '8a0f0c08-91a1-4084-bc3d-661d67233fed',
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
} as const;

/** A built-in role's name, as in {@link BUILT_IN_ROLES}. */
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** One role a principal needs on one resource. */
export interface RoleOnResource {
  readonly role: BuiltInRole;
  /** ARM id of the single resource the role is scoped to. */
  readonly scope: pulumi.Input<string>;
  /** Stable text naming the scope (construct path and part), so the assignment's GUID name is deterministic. */
  readonly scopeKey: string;
}

/** Who gets a role: a managed identity's principal id, and stable text naming it. */
export interface RolePrincipal {
  readonly principalId: pulumi.Input<string>;
  readonly principalKey: string;
}

/**
 * Declares one role assignment: a deterministic GUID name (so a redeploy changes nothing),
 * `principalType: ServicePrincipal` (a just-created identity may not have replicated yet), the
 * built-in role's definition in the subscription, scoped to the single resource.
 */
export function assignRole(
  pulumiName: string,
  principal: RolePrincipal,
  grant: RoleOnResource,
  subscriptionId: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment {
  const roleId = BUILT_IN_ROLES[grant.role];
  return new authorization.RoleAssignment(
    pulumiName,
    {
      roleAssignmentName: roleAssignmentName(grant.scopeKey, roleId, principal.principalKey),
      principalId: principal.principalId,
      principalType: 'ServicePrincipal',
      roleDefinitionId: pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
      scope: grant.scope,
    },
    opts,
  );
}
