/**
 * anycloud/azure: declares an anycloud app on Azure (Flex Consumption function apps, API
 * Management, Storage, Event Grid, Key Vault) inside a Pulumi program. Most users call
 * `deploy(app)` from `anycloud/pulumi` instead.
 * @packageDocumentation
 */
export { AzureBuild, buildAzure } from './adapter';
export type { Bundle } from './bundling';
export { AZURE_LIMITS } from './limits';
export { BUILT_IN_ROLES } from './roles';
export type { AzureNativeArgs, AzureNatives, AzureTransforms, ConsumedStorageQueue } from './natives';
export type { AzureBuildOptions } from './settings';
export { secretConfigKey } from '../shared/secret-values';
