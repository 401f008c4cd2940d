import * as pulumi from '@pulumi/pulumi';
import type { App } from 'anycloud';
import { buildCloudflare, type CloudflareBuild } from './adapter';
import type { CloudflareBuildOptions, CloudflareCustomDomain } from './settings';

/**
 * The Cloudflare options a Pulumi program's config gives: the account id from the provider's own
 * `cloudflare:accountId` (or `anycloud:cloudflareAccountId`), and the `anycloud:cloudflare*` keys.
 */
export function cloudflareOptionsFromConfig(): CloudflareBuildOptions {
  const anycloud = new pulumi.Config('anycloud');
  const provider = new pulumi.Config('cloudflare');
  return {
    accountId: provider.get('accountId') ?? anycloud.get('cloudflareAccountId') ?? '',
    plan: (anycloud.get('cloudflarePlan') as 'free' | 'paid' | undefined) ?? 'paid',
    workersSubdomain: anycloud.get('cloudflareWorkersSubdomain'),
    customDomains: anycloud.getObject<Record<string, CloudflareCustomDomain>>('cloudflareCustomDomains'),
  };
}

/** Declares `app` on Cloudflare in the running Pulumi program (settings from config, then `options`); returns the stack outputs. */
export function deployCloudflare(
  app: App,
  options: Partial<CloudflareBuildOptions> = {},
  onBuild?: (build: CloudflareBuild) => void,
): Record<string, pulumi.Input<string>> {
  const build = buildCloudflare(app, { ...cloudflareOptionsFromConfig(), ...options });
  onBuild?.(build);
  return build.outputs;
}
