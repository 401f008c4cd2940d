/**
 * anycloud/cloudflare: declares an anycloud app on Cloudflare (Workers, D1, R2, Queues) inside
 * a Pulumi program. Most users call `deploy(app)` from `anycloud/pulumi` instead.
 * @packageDocumentation
 */
export { buildCloudflare, CloudflareBuild, secretConfigKey } from './adapter';
export type { Bundle } from './bundling';
export { CLOUDFLARE_LIMITS } from './limits';
export type { CloudflareNativeArgs, CloudflareNatives, CloudflareTransforms, ConsumedQueue } from './natives';
export { COMPATIBILITY_DATE, type CloudflareBuildOptions, type CloudflareCustomDomain } from './settings';
