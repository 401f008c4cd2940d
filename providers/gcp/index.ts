/**
 * anycloud/gcp: declares an anycloud app on Google Cloud (Cloud Functions gen2, API Gateway,
 * Pub/Sub, Cloud Storage, Firestore, Cloud Scheduler, Secret Manager) inside a Pulumi program.
 * Most users call `deploy(app)` from `anycloud/pulumi` instead.
 * @packageDocumentation
 */
export { GcpBuild, buildGcp, type WidenedGrant } from './adapter';
export type { Bundle } from './bundling';
export { GCP_LIMITS } from './limits';
export { GCP_ROLES } from './iam';
export type { GcpNativeArgs, GcpNatives, GcpTransforms, PushDelivery } from './natives';
export type { GcpBuildOptions } from './settings';
export { secretConfigKey } from '../shared/secret-values';
