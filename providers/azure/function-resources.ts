import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import type * as resources from '@pulumi/azure-native/resources';
import type * as storage from '@pulumi/azure-native/storage';
import type * as web from '@pulumi/azure-native/web';
import type { Function } from 'anycloud';
import type { Bundle } from '../shared/bundle-cache';
import { MAIN_FILE } from './bundling';
import type { AzureBinding, AzureBuildContext } from './context';
import { functionAppSettings, functionTriggers } from './function-app-settings';
import { azureName } from './naming';
import type { AzureNativeArgs } from './natives';
import type { RoleOnResource } from './roles';

/** The blob name Flex Consumption's one deploy requires. */
export const PACKAGE_BLOB = 'released-package.zip';

/** SHA-256 of a function package (bundle, host.json, package.json): a new hash redeploys the code. */
export function packageHash(bundle: Bundle): string {
  const hash = createHash('sha256');
  for (const name of [MAIN_FILE, 'host.json', 'package.json'])
    hash.update(readFileSync(join(bundle.assetDir, name)));
  return hash.digest('hex');
}

/** The deployment container's URL in the host account. */
export function deploymentContainerUrl(fn: Function, ctx: AzureBuildContext): string {
  return `${ctx.shared.hostAccount!.blobEndpoint}/${azureName(fn, 'deploymentContainer')}`;
}

/** The Flex Consumption plan of one function (Flex allows one app per plan). */
export function planArgs(fn: Function, ctx: AzureBuildContext): web.AppServicePlanArgs {
  return {
    name: azureName(fn, 'plan'),
    resourceGroupName: ctx.shared.resourceGroupName,
    location: ctx.settings.location,
    kind: 'functionapp',
    reserved: true,
    sku: { name: 'FC1', tier: 'FlexConsumption' },
  };
}

/** The private container holding the function's package in the host account. */
export function deploymentContainerArgs(fn: Function, ctx: AzureBuildContext): storage.BlobContainerArgs {
  return {
    accountName: ctx.shared.hostAccount!.name,
    resourceGroupName: ctx.shared.resourceGroupName,
    containerName: azureName(fn, 'deploymentContainer'),
    publicAccess: 'None',
  };
}

/** The package blob: the function's package folder, zipped by Pulumi, named `released-package.zip`. */
export function packageBlobArgs(
  fn: Function,
  ctx: AzureBuildContext,
  archive: pulumi.asset.Archive,
  hash: string,
): storage.BlobArgs {
  return {
    accountName: ctx.shared.hostAccount!.name,
    resourceGroupName: ctx.shared.resourceGroupName,
    containerName: azureName(fn, 'deploymentContainer'),
    blobName: PACKAGE_BLOB,
    type: 'Block',
    contentType: 'application/zip',
    metadata: { anycloudpackage: hash },
    source: archive,
  };
}

/** The role the function's identity needs on the host account (AzureWebJobsStorage with an identity, and its package). */
export function hostStorageRole(fn: Function, ctx: AzureBuildContext): RoleOnResource {
  return {
    role: 'storageBlobDataOwner',
    scope: ctx.shared.hostAccount!.account.id,
    scopeKey: `${fn.app.node.path}/azure/host-storage`,
  };
}

/**
 * The function app: Linux, Flex Consumption, HTTPS only, TLS 1.2, FTP and remote debugging off,
 * its own user-assigned identity (also the identity of its host storage, deployment container
 * and every grant), Node.js from the function's `nodeVersion`, instance memory from `memory`.
 */
export function functionAppArgs(
  fn: Function,
  ctx: AzureBuildContext,
  identity: { readonly id: pulumi.Input<string>; readonly clientId: pulumi.Input<string> },
  serverFarmId: pulumi.Input<string>,
  bindings: Readonly<Record<string, AzureBinding>>,
): AzureNativeArgs['function'] {
  return ctx.transform(
    'function',
    {
      name: azureName(fn, 'functionApp'),
      resourceGroupName: ctx.shared.resourceGroupName,
      location: ctx.settings.location,
      kind: 'functionapp,linux',
      serverFarmId,
      httpsOnly: true,
      clientCertEnabled: false,
      identity: { type: 'UserAssigned', userAssignedIdentities: [identity.id] },
      functionAppConfig: {
        deployment: {
          storage: {
            type: 'blobContainer',
            value: deploymentContainerUrl(fn, ctx),
            authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id },
          },
        },
        runtime: { name: 'node', version: fn.nodeVersion.replace('nodejs', '') },
        scaleAndConcurrency: {
          instanceMemoryMB: fn.memoryMb,
          maximumInstanceCount: ctx.settings.maximumInstanceCount,
        },
      },
      siteConfig: {
        minTlsVersion: '1.2',
        scmMinTlsVersion: '1.2',
        ftpsState: 'Disabled',
        http20Enabled: true,
        remoteDebuggingEnabled: false,
        appSettings: functionAppSettings(fn, ctx, identity.clientId, bindings, functionTriggers(fn, ctx)),
      },
    },
    fn,
  );
}

/**
 * The one deploy (`Microsoft.Web/sites/extensions/onedeploy`) that installs the package from the
 * deployment container: Flex Consumption deploys only through it (a package dropped in the
 * container is not picked up). The generic resource is the only typed way in azure-native.
 */
export function oneDeployArgs(fn: Function, ctx: AzureBuildContext): resources.ResourceArgs {
  return {
    resourceGroupName: ctx.shared.resourceGroupName,
    resourceProviderNamespace: 'Microsoft.Web',
    parentResourcePath: `sites/${azureName(fn, 'functionApp')}`,
    resourceType: 'extensions',
    resourceName: 'onedeploy',
    apiVersion: '2024-04-01',
    properties: {
      packageUri: `${deploymentContainerUrl(fn, ctx)}/${PACKAGE_BLOB}`,
      remoteBuild: false,
    },
  };
}
