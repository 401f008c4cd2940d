import * as eventgrid from '@pulumi/azure-native/eventgrid';
import * as keyvault from '@pulumi/azure-native/keyvault';
import * as resources from '@pulumi/azure-native/resources';
import * as storage from '@pulumi/azure-native/storage';
import * as pulumi from '@pulumi/pulumi';
import type { App } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { EVENT_DEAD_LETTER_CONTAINER, grantDeadLettering, type EventDeadLetters } from './event-delivery';
import { appScopedName } from './naming';
import type * as authorization from '@pulumi/azure-native/authorization';

/** A storage account of the app and its service endpoints. */
export interface AppStorageAccount {
  readonly account: storage.StorageAccount;
  readonly name: string;
  readonly blobEndpoint: string;
  readonly queueEndpoint: string;
  readonly tableEndpoint: string;
}

/** Resources the whole app shares on Azure, declared once before the builders run. */
export interface AppResources {
  /** Parent of the shared resources (`anycloud:azure:AppResources`). */
  readonly component: pulumi.ComponentResource;
  /** The resource group, when the build creates it. */
  readonly resourceGroup?: resources.ResourceGroup;
  readonly resourceGroupName: pulumi.Input<string>;
  /**
   * The functions' host storage (AzureWebJobsStorage and deployment packages), kept apart from
   * the data so the broad roles the Functions host needs never reach user data.
   */
  readonly hostAccount?: AppStorageAccount;
  /** Containers, tables and queues of the app. */
  readonly dataAccount?: AppStorageAccount;
  /** The data account's Event Grid system topic (one per account), when a bucket has object events. */
  readonly systemTopic?: eventgrid.SystemTopic;
  /** Where Event Grid dead-letters events it could not deliver into a queue (data account), when the app has topic or blob events. */
  readonly eventDeadLetters?: EventDeadLetters;
  /** The system topic's role on the dead-letter container. */
  readonly systemTopicDeadLettering?: authorization.RoleAssignment;
  /** The app's Key Vault (RBAC), when a secret is granted to a function. */
  readonly vault?: { readonly vault: keyvault.Vault; readonly name: string; readonly uri: string };
}

/** The component that parents the resources the app shares. */
class AppResourcesComponent extends pulumi.ComponentResource {
  constructor(app: App, opts?: pulumi.ComponentResourceOptions) {
    super('anycloud:azure:AppResources', `${app.node.path}/azure`, {}, opts);
  }
}

/** A StorageV2 account with anycloud's defaults: TLS 1.2, HTTPS only, no shared key, no public blobs. */
function storageAccountArgs(
  accountName: string,
  resourceGroupName: pulumi.Input<string>,
  location: string,
): storage.StorageAccountArgs {
  return {
    accountName,
    resourceGroupName,
    location,
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS' },
    minimumTlsVersion: 'TLS1_2',
    enableHttpsTrafficOnly: true,
    allowBlobPublicAccess: false,
    // Identities only: no account keys, no SAS signed with them.
    allowSharedKeyAccess: false,
    defaultToOAuthAuthentication: true,
    encryption: {
      keySource: 'Microsoft.Storage',
      services: {
        blob: { enabled: true },
        file: { enabled: true },
        queue: { enabled: true, keyType: 'Account' },
        table: { enabled: true, keyType: 'Account' },
      },
    },
  };
}

function declareAccount(
  name: string,
  pulumiName: string,
  resourceGroupName: pulumi.Input<string>,
  location: string,
  parent: pulumi.ComponentResource,
): AppStorageAccount {
  const account = new storage.StorageAccount(
    pulumiName,
    storageAccountArgs(name, resourceGroupName, location),
    { parent },
  );
  return {
    account,
    name,
    blobEndpoint: `https://${name}.blob.core.windows.net`,
    queueEndpoint: `https://${name}.queue.core.windows.net`,
    tableEndpoint: `https://${name}.table.core.windows.net`,
  };
}

/** What the app needs of the shared resources. */
function needs(app: App, grantedSecrets: boolean) {
  const count = (kind: 'function' | 'table' | 'bucket' | 'queue' | 'topic' | 'schedule') =>
    resourcesOf(app, kind).length;
  return {
    host: count('function') > 0,
    data: count('table') + count('bucket') + count('queue') + count('topic') + count('schedule') > 0,
    systemTopic: resourcesOf(app, 'bucket').some((b) => b.subscriptions.length > 0),
    eventGrid:
      resourcesOf(app, 'bucket').some((b) => b.subscriptions.length > 0) ||
      resourcesOf(app, 'topic').some((t) => t.subscriptions.length > 0),
    vault: grantedSecrets,
  };
}

/**
 * Declares the resources the whole app shares: the resource group (unless one is given), the
 * host and data storage accounts, the data account's Event Grid system topic and the Key Vault,
 * each only when the app needs it.
 */
export function declareAppResources(
  app: App,
  options: {
    readonly location: string;
    readonly resourceGroupName?: string;
    readonly tenantId: pulumi.Input<string>;
    readonly subscriptionId: pulumi.Input<string>;
    readonly grantedSecrets: boolean;
    readonly componentOptions?: pulumi.ComponentResourceOptions;
  },
): AppResources {
  const component = new AppResourcesComponent(app, options.componentOptions);
  const parent = { parent: component };
  const path = `${app.node.path}/azure`;
  const location = options.location;
  const need = needs(app, options.grantedSecrets);
  const resourceGroup = options.resourceGroupName
    ? undefined
    : new resources.ResourceGroup(
        `${path}/resource-group`,
        { resourceGroupName: appScopedName(app, 'resourceGroup', 'rg'), location },
        parent,
      );
  const resourceGroupName = options.resourceGroupName ?? resourceGroup!.name;
  const hostAccount = need.host
    ? declareAccount(
        appScopedName(app, 'storageAccount', 'host'),
        `${path}/host-storage`,
        resourceGroupName,
        location,
        component,
      )
    : undefined;
  const dataAccount = need.data
    ? declareAccount(
        appScopedName(app, 'storageAccount', 'data'),
        `${path}/data-storage`,
        resourceGroupName,
        location,
        component,
      )
    : undefined;
  const eventDeadLetters: EventDeadLetters | undefined =
    need.eventGrid && dataAccount
      ? {
          container: new storage.BlobContainer(
            `${path}/event-dead-letters`,
            {
              accountName: dataAccount.name,
              resourceGroupName,
              containerName: EVENT_DEAD_LETTER_CONTAINER,
              publicAccess: 'None',
            },
            { parent: component, dependsOn: [dataAccount.account] },
          ),
          scopeKey: `${path}/event-dead-letters`,
        }
      : undefined;
  const systemTopic =
    need.systemTopic && dataAccount
      ? new eventgrid.SystemTopic(
          `${path}/blob-events`,
          {
            systemTopicName: appScopedName(app, 'systemTopic', 'blob-events'),
            resourceGroupName,
            location,
            source: dataAccount.account.id,
            topicType: 'Microsoft.Storage.StorageAccounts',
            // Delivers into storage queues with its own identity (no keys, no webhook).
            identity: { type: 'SystemAssigned' },
          },
          parent,
        )
      : undefined;
  const systemTopicDeadLettering =
    systemTopic && eventDeadLetters
      ? grantDeadLettering(
          `${path}/blob-events-dead-letters`,
          {
            principalId: systemTopic.identity.apply((i) => i?.principalId ?? ''),
            principalKey: `${path}/blob-events`,
          },
          eventDeadLetters,
          options.subscriptionId,
          { parent: component },
        )
      : undefined;
  const vaultName = appScopedName(app, 'keyVault', 'vault');
  const vault = need.vault
    ? {
        name: vaultName,
        uri: `https://${vaultName}.vault.azure.net/`,
        vault: new keyvault.Vault(
          `${path}/key-vault`,
          {
            vaultName,
            resourceGroupName,
            location,
            properties: {
              tenantId: options.tenantId,
              sku: { family: 'A', name: 'standard' },
              // Access by role assignment per secret, never by vault access policy.
              enableRbacAuthorization: true,
              enableSoftDelete: true,
              softDeleteRetentionInDays: 7,
              accessPolicies: [],
            },
          },
          parent,
        ),
      }
    : undefined;
  return {
    component,
    resourceGroup,
    resourceGroupName,
    hostAccount,
    dataAccount,
    systemTopic,
    eventDeadLetters,
    systemTopicDeadLettering,
    vault,
  };
}
