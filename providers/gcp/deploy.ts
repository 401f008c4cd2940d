import * as pulumi from '@pulumi/pulumi';
import type { App } from 'anycloud';
import { buildGcp, type GcpBuild } from './adapter';
import type { GcpBuildOptions } from './settings';

/**
 * The GCP options a Pulumi program's config gives: project and region from the provider's own
 * `gcp:project` and `gcp:region`, and the `anycloud:gcp*` keys.
 */
export function gcpOptionsFromConfig(): GcpBuildOptions {
  const anycloud = new pulumi.Config('anycloud');
  const provider = new pulumi.Config('gcp');
  return {
    project: provider.get('project'),
    region: provider.get('region'),
    firestoreLocation: anycloud.get('gcpFirestoreLocation'),
    maximumInstanceCount: anycloud.getNumber('gcpMaximumInstanceCount'),
  };
}

/** Declares `app` on GCP in the running Pulumi program (settings from config, then `options`); returns the stack outputs. */
export function deployGcp(
  app: App,
  options: Partial<GcpBuildOptions> = {},
  onBuild?: (build: GcpBuild) => void,
): Record<string, pulumi.Input<string>> {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const build = buildGcp(app, { ...gcpOptionsFromConfig(), ...defined });
  onBuild?.(build);
  return build.outputs;
}
