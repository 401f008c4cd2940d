/**
 * The built-in targets: one registry line each. A target is its folder under `providers/`, this
 * line, and its package exports. Descriptors load on first use, so a target's SDK is loaded only
 * when that target is used.
 */
import { registerTarget } from './shared/target-registry';

type AwsTargetModule = typeof import('./aws/target');
type AzureTargetModule = typeof import('./azure/target');
type CloudflareTargetModule = typeof import('./cloudflare/target');
type GcpTargetModule = typeof import('./gcp/target');
type LocalTargetModule = typeof import('./local/target');

registerTarget({
  name: 'aws',
  engine: 'cdk',
  load: () => (require('./aws/target') as AwsTargetModule).awsTarget,
});
registerTarget({
  name: 'azure',
  engine: 'pulumi',
  load: () => (require('./azure/target') as AzureTargetModule).azureTarget,
});
registerTarget({
  name: 'cloudflare',
  engine: 'pulumi',
  load: () => (require('./cloudflare/target') as CloudflareTargetModule).cloudflareTarget,
});
registerTarget({
  name: 'gcp',
  engine: 'pulumi',
  load: () => (require('./gcp/target') as GcpTargetModule).gcpTarget,
});
registerTarget({
  name: 'local',
  engine: 'local',
  load: () => (require('./local/target') as LocalTargetModule).localTarget,
});

export {
  loadTarget,
  registerTarget,
  targetEntries,
  targetNames,
  UnknownTargetError,
  type TargetEntry,
} from './shared/target-registry';
export type {
  SynthArtifacts,
  SynthSummary,
  TargetDescriptor,
  TargetEngine,
} from './shared/target-descriptor';
