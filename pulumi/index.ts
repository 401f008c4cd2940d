/**
 * anycloud/pulumi: the Pulumi program entry shared by every Pulumi target.
 *
 * ```ts
 * // index.ts of a Pulumi project
 * import { deploy } from 'anycloud/pulumi';
 * import app from './anycloud.app';
 * export = deploy(app);
 * ```
 * The target comes from Pulumi config `anycloud:target`; each provider's settings from its own
 * config keys (`cloudflare:apiToken`, `cloudflare:accountId`...).
 * @packageDocumentation
 */
import * as pulumi from '@pulumi/pulumi';
import { ValidationError, type App } from 'anycloud';
import {
  buildCloudflare,
  type CloudflareBuildOptions,
  type CloudflareCustomDomain,
} from 'anycloud/cloudflare';

/** Targets a Pulumi program can deploy. */
export const PULUMI_TARGETS = ['cloudflare'] as const;

/** A target a Pulumi program can deploy. */
export type PulumiTarget = (typeof PULUMI_TARGETS)[number];

/** Options of {@link deploy}; anything not given comes from Pulumi config. */
export interface DeployOptions {
  /** The target. @default config `anycloud:target` */
  readonly target?: PulumiTarget;
  /** Cloudflare build options (account id from `cloudflare:accountId` or `anycloud:cloudflareAccountId`). */
  readonly cloudflare?: Partial<CloudflareBuildOptions>;
}

/** The Cloudflare options the program's config gives. */
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

/**
 * Declares `app` on the target chosen by config `anycloud:target` (or `options.target`) and
 * returns the stack outputs (API URLs, script names). Throws a {@link ValidationError} listing
 * every problem before any resource is declared.
 */
export function deploy(app: App, options: DeployOptions = {}): Record<string, pulumi.Input<string>> {
  const target = options.target ?? new pulumi.Config('anycloud').get('target');
  switch (target) {
    case 'cloudflare':
      return buildCloudflare(app, { ...cloudflareOptionsFromConfig(), ...options.cloudflare }).outputs;
    default:
      throw new ValidationError([
        {
          path: app.node.path,
          rule: 'pulumi.target',
          value: target,
          message: `set the target with pulumi config set anycloud:target <${PULUMI_TARGETS.join('|')}> (got ${JSON.stringify(target)})`,
        },
      ]);
  }
}
