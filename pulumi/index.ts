/**
 * anycloud/pulumi: the Pulumi program entry shared by every Pulumi target.
 *
 * ```ts
 * // pulumi.ts of a Pulumi project
 * import { deploy } from 'anycloud/pulumi';
 * import app from './anycloud.app';
 * export = deploy(app);
 * ```
 * The target comes from Pulumi config `anycloud:target`; each provider's settings from its own
 * config keys (`cloudflare:apiToken`, `cloudflare:accountId`...). Only the selected target's
 * provider SDK is loaded.
 * @packageDocumentation
 */
import * as pulumi from '@pulumi/pulumi';
import { ValidationError, type App } from 'anycloud';
import type { AzureBuildOptions } from 'anycloud/azure';
import type { GcpBuildOptions } from 'anycloud/gcp';
import type { CloudflareBuildOptions } from 'anycloud/cloudflare';
import { loadTarget, targetEntries } from '../providers/targets';

/** Names of the registered targets a Pulumi program can deploy. */
export function pulumiTargets(): string[] {
  return targetEntries()
    .filter((t) => t.engine === 'pulumi')
    .map((t) => t.name);
}

/** Options of {@link deploy}; anything not given comes from Pulumi config. */
export interface DeployOptions {
  /** The target. @default config `anycloud:target` */
  readonly target?: string;
  /** Azure build options (region from `azure-native:location`, publisher from `anycloud:azurePublisherEmail`). */
  readonly azure?: Partial<AzureBuildOptions>;
  /** GCP options (over Pulumi config `gcp:project`, `gcp:region`, `anycloud:gcp*`). */
  readonly gcp?: Partial<GcpBuildOptions>;
  /** Cloudflare build options (account id from `cloudflare:accountId` or `anycloud:cloudflareAccountId`). */
  readonly cloudflare?: Partial<CloudflareBuildOptions>;
  /** Build options of any other Pulumi target, under its name. */
  readonly [target: string]: unknown;
}

/**
 * Declares `app` on the target chosen by config `anycloud:target` (or `options.target`) and
 * returns the stack outputs (API URLs, script names). Throws a {@link ValidationError} listing
 * every problem before any resource is declared.
 */
export function deploy(app: App, options: DeployOptions = {}): Record<string, pulumi.Input<string>> {
  const target = options.target ?? new pulumi.Config('anycloud').get('target');
  const names = pulumiTargets();
  if (typeof target !== 'string' || !names.includes(target)) {
    throw new ValidationError([
      {
        path: app.node.path,
        rule: 'pulumi.target',
        value: target,
        message: `set the target with pulumi config set anycloud:target <${names.join('|')}> (got ${JSON.stringify(target)})`,
      },
    ]);
  }
  const hooks = loadTarget(target).pulumi!;
  const targetOptions = options[target];
  return hooks.deploy(
    app,
    typeof targetOptions === 'object' && targetOptions !== null ? targetOptions : {},
  ) as Record<string, pulumi.Input<string>>;
}
