import type * as pulumi from '@pulumi/pulumi';
import type { Secret } from 'anycloud';
import type { CloudflareTransforms } from './natives';

/** The compatibility date every Worker is pinned to (the workerd release the runtime is tested on). */
export const COMPATIBILITY_DATE = '2026-04-26';

/** A custom domain for an HttpApi's gateway Worker. */
export interface CloudflareCustomDomain {
  /** Hostname to serve the API on, e.g. `api.example.com` (must be in the zone). */
  readonly hostname: string;
  /** Id of the Cloudflare zone holding `hostname` (32 hex characters). */
  readonly zoneId: string;
}

/** Options of a Cloudflare build. */
export interface CloudflareBuildOptions {
  /** The Cloudflare account id (32 hex characters). */
  readonly accountId: string;
  /** The account's Workers plan: sets the CPU-time and cron-trigger limits checked. @default 'paid' */
  readonly plan?: 'free' | 'paid';
  /** Serve HttpApis on custom domains instead of workers.dev, keyed by HttpApi construct id. */
  readonly customDomains?: Readonly<Record<string, CloudflareCustomDomain>>;
  /** The account's workers.dev subdomain (`<name>.workers.dev`), to output each API's URL. */
  readonly workersSubdomain?: string;
  /**
   * The value of each Secret. @default Pulumi secret config `anycloud:secret-<id>`
   * (`pulumi config set --secret anycloud:secret-ApiKey ...`)
   */
  readonly secretValue?: (secret: Secret) => pulumi.Output<string> | undefined;
  /** Largest Worker bundle accepted, in bytes. @default 64 MiB (Cloudflare's limit) */
  readonly maxScriptBytes?: number;
  /** Where Worker bundles are built and cached. @default '<cwd>/.anycloud/build/cloudflare' */
  readonly buildDir?: string;
  /** Per-kind transforms of the native resource arguments (escape hatch). */
  readonly transforms?: CloudflareTransforms;
  /** Options given to every component (a provider, `protect`, Pulumi `transforms`...). */
  readonly componentOptions?: pulumi.ComponentResourceOptions;
}

/** Settings of a Cloudflare build, with defaults applied. */
export interface CloudflareSettings {
  readonly accountId: string;
  readonly plan: 'free' | 'paid';
  readonly compatibilityDate: string;
  readonly customDomains: Readonly<Record<string, CloudflareCustomDomain>>;
  readonly workersSubdomain?: string;
}
