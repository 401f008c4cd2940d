import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as apimanagement from '@pulumi/azure-native/apimanagement';
import * as authorization from '@pulumi/azure-native/authorization';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as resources from '@pulumi/azure-native/resources';
import * as storage from '@pulumi/azure-native/storage';
import * as web from '@pulumi/azure-native/web';
import * as pulumi from '@pulumi/pulumi';
import { buildAzure } from 'anycloud/azure';
import { benchApp, HANDLER_ENTRY } from '../pulumi-synth/bench-app';

export { HANDLER_ENTRY };

export const LOCATION = 'westeurope';

/** The bench app (N functions, each with a route and a read grant on one table) through anycloud. */
export function anycloudProgram(n: number): void {
  const app = benchApp(n);
  buildAzure(app, { location: LOCATION, publisherEmail: 'ops@example.com', publisherName: 'bench' });
}

const ROLE = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6',
};

/** A StorageV2 account: TLS 1.2, HTTPS only, identities only (no shared key), no public blobs. */
function storageAccount(pulumiName: string, accountName: string, resourceGroupName: pulumi.Input<string>) {
  return new storage.StorageAccount(pulumiName, {
    accountName,
    resourceGroupName,
    location: LOCATION,
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS' },
    minimumTlsVersion: 'TLS1_2',
    enableHttpsTrafficOnly: true,
    allowBlobPublicAccess: false,
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
  });
}

/**
 * The same resources declared by hand with @pulumi/azure-native, the way a careful Pulumi user
 * would: a resource group, a host and a data storage account, one table, and per function a
 * Flex Consumption plan, a user-assigned identity with its roles (host storage, table read), a
 * deployment container, the prebuilt package zip as `released-package.zip`, the function app
 * and the one deploy that installs it; one API Management service (Consumption) with an API and,
 * per function, a host-key named value, a backend, an operation and its policy.
 */
export function handWrittenProgram(n: number, packageZipPath: string): void {
  const client = authorization.getClientConfigOutput();
  const hash = createHash('sha256').update(readFileSync(packageZipPath)).digest('hex');
  const rg = new resources.ResourceGroup('rg', { resourceGroupName: 'bench-dev-rg', location: LOCATION });
  const hostName = 'benchdevhost7f3a';
  const dataName = 'benchdevdata7f3a';
  const host = storageAccount('host-storage', hostName, rg.name);
  const data = storageAccount('data-storage', dataName, rg.name);
  const table = new storage.Table('items', {
    accountName: data.name,
    resourceGroupName: rg.name,
    tableName: 'benchdevitems',
  });
  const service = new apimanagement.ApiManagementService('api-service', {
    serviceName: 'bench-dev-api-7f3a',
    resourceGroupName: rg.name,
    location: LOCATION,
    sku: { name: 'Consumption', capacity: 0 },
    publisherEmail: 'ops@example.com',
    publisherName: 'bench',
  });
  const api = new apimanagement.Api('api', {
    apiId: 'bench',
    serviceName: service.name,
    resourceGroupName: rg.name,
    displayName: 'bench',
    path: '',
    protocols: ['https'],
    subscriptionRequired: false,
  });
  const roleDefinition = (id: string) =>
    pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
  for (let i = 0; i < n; i++) {
    const name = `bench-dev-fn${i}`;
    const plan = new web.AppServicePlan(`fn${i}-plan`, {
      name,
      resourceGroupName: rg.name,
      location: LOCATION,
      kind: 'functionapp',
      reserved: true,
      sku: { name: 'FC1', tier: 'FlexConsumption' },
    });
    const identity = new managedidentity.UserAssignedIdentity(`fn${i}-identity`, {
      resourceName: name,
      resourceGroupName: rg.name,
      location: LOCATION,
    });
    const container = new storage.BlobContainer(`fn${i}-deployment`, {
      accountName: host.name,
      resourceGroupName: rg.name,
      containerName: name,
      publicAccess: 'None',
    });
    const roles = [
      new authorization.RoleAssignment(`fn${i}-host-storage`, {
        principalId: identity.principalId,
        principalType: 'ServicePrincipal',
        roleDefinitionId: roleDefinition(ROLE.storageBlobDataOwner),
        scope: host.id,
      }),
      new authorization.RoleAssignment(`fn${i}-items-read`, {
        principalId: identity.principalId,
        principalType: 'ServicePrincipal',
        roleDefinitionId: roleDefinition(ROLE.storageTableDataReader),
        scope: table.id,
      }),
    ];
    const containerUrl = `https://${hostName}.blob.core.windows.net/${name}`;
    const app = new web.WebApp(
      `fn${i}-app`,
      {
        name,
        resourceGroupName: rg.name,
        location: LOCATION,
        kind: 'functionapp,linux',
        serverFarmId: plan.id,
        httpsOnly: true,
        clientCertEnabled: false,
        identity: { type: 'UserAssigned', userAssignedIdentities: [identity.id] },
        functionAppConfig: {
          deployment: {
            storage: {
              type: 'blobContainer',
              value: containerUrl,
              authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id },
            },
          },
          runtime: { name: 'node', version: '24' },
          scaleAndConcurrency: { instanceMemoryMB: 512, maximumInstanceCount: 100 },
        },
        siteConfig: {
          minTlsVersion: '1.2',
          scmMinTlsVersion: '1.2',
          ftpsState: 'Disabled',
          http20Enabled: true,
          remoteDebuggingEnabled: false,
          // What the prebuilt package reads: its host storage, identity, table and route.
          appSettings: [
            { name: 'ANYCLOUD_BINDINGS', value: bindingsSetting(dataName) },
            { name: 'ANYCLOUD_FUNCTION_PATH', value: `bench/Fn${i}` },
            { name: 'ANYCLOUD_IDENTITY_CLIENT_ID', value: identity.clientId },
            { name: 'ANYCLOUD_TRIGGERS', value: triggersSetting(i) },
            { name: 'AzureWebJobsStorage__accountName', value: hostName },
            { name: 'AzureWebJobsStorage__clientId', value: identity.clientId },
            { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' },
          ],
        },
      },
      { dependsOn: roles },
    );
    const blob = new storage.Blob(`fn${i}-package`, {
      accountName: host.name,
      resourceGroupName: rg.name,
      containerName: container.name,
      blobName: 'released-package.zip',
      type: 'Block',
      contentType: 'application/zip',
      source: new pulumi.asset.FileAsset(packageZipPath),
    });
    const deployment = new resources.Resource(
      `fn${i}-onedeploy`,
      {
        resourceGroupName: rg.name,
        resourceProviderNamespace: 'Microsoft.Web',
        parentResourcePath: pulumi.interpolate`sites/${app.name}`,
        resourceType: 'extensions',
        resourceName: 'onedeploy',
        apiVersion: '2024-04-01',
        properties: { packageUri: `${containerUrl}/released-package.zip`, remoteBuild: false },
      },
      { dependsOn: [blob, ...roles], replacementTrigger: hash },
    );
    const hostKey = web
      .listWebAppHostKeysOutput({ name: app.name, resourceGroupName: rg.name }, { dependsOn: [deployment] })
      .apply((keys) => keys.functionKeys?.default ?? '');
    const key = new apimanagement.NamedValue(`fn${i}-key`, {
      serviceName: service.name,
      resourceGroupName: rg.name,
      namedValueId: `fn${i}-key`,
      displayName: `fn${i}-key`,
      secret: true,
      value: pulumi.secret(hostKey),
    });
    const backend = new apimanagement.Backend(
      `fn${i}-backend`,
      {
        serviceName: service.name,
        resourceGroupName: rg.name,
        backendId: `fn${i}`,
        protocol: 'http',
        url: pulumi.interpolate`https://${app.defaultHostName}`,
        credentials: { header: { 'x-functions-key': [`{{fn${i}-key}}`] } },
        tls: { validateCertificateChain: true, validateCertificateName: true },
      },
      { dependsOn: [key] },
    );
    const operation = new apimanagement.ApiOperation(`fn${i}-get`, {
      serviceName: service.name,
      resourceGroupName: rg.name,
      apiId: api.name,
      operationId: `get-items${i}`,
      displayName: `GET /items${i}/{id}`,
      method: 'GET',
      urlTemplate: `/items${i}/{id}`,
      templateParameters: [{ name: 'id', type: 'string', required: true }],
    });
    new apimanagement.ApiOperationPolicy(
      `fn${i}-get-policy`,
      {
        serviceName: service.name,
        resourceGroupName: rg.name,
        apiId: api.name,
        operationId: operation.name,
        policyId: 'policy',
        format: 'rawxml',
        value: `<policies><inbound><base /><set-backend-service backend-id="fn${i}" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`,
      },
      { dependsOn: [backend] },
    );
  }
}

/** The prebuilt package's table binding (what anycloud's shim reads). */
function bindingsSetting(dataAccount: string): string {
  return JSON.stringify({
    Items: {
      access: 'read',
      endpoint: `https://${dataAccount}.table.core.windows.net`,
      kind: 'table',
      name: 'benchdevitems',
      partitionKey: { name: 'pk', type: 'string' },
    },
  });
}

/** The prebuilt package's route of function `i`. */
function triggersSetting(i: number): string {
  return JSON.stringify({
    queues: [],
    routes: [{ key: `GET /items${i}/{id}`, method: 'GET', path: `/items${i}/{id}`, route: `items${i}/{id}` }],
    timers: [],
  });
}
