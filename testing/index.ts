/**
 * anycloud/testing: deterministic synthesis for snapshot tests.
 * `expect(await synth(app, 'aws')).toMatchSnapshot()` is the whole recipe.
 * @packageDocumentation
 */
import type { App } from 'anycloud';
import type { AwsBuildOptions } from 'anycloud/aws';
import { describeLocal, type LocalDocument } from 'anycloud/local';
import { synthAws, type AwsSynthDocument } from './aws-synth';
import type { CloudflareSynthOptions } from './cloudflare-synth';
import type { PulumiSynthDocument } from './pulumi-document';
import { synthCloudflare } from './pulumi-targets';
import { normalize } from './normalize';

export { type Json } from './normalize';
export { normalize };
export { local } from './local';
export { synthAwsAssembly, type AwsSynthDocument } from './aws-synth';
export type { CloudflareSynthOptions } from './cloudflare-synth';
export { captureCloudflare, capturePulumiProgram, synthCloudflareWithSizes } from './pulumi-targets';
export {
  CapturedSecret,
  pulumiSynthDocument,
  type CapturedProgram,
  type CapturedResource,
  type PulumiSynthDocument,
  type PulumiSynthResource,
} from './pulumi-document';
export { SYNTH_ACCOUNT_ID } from './synth-account';

/** Targets `synth` can build for. */
export type SynthTarget = 'aws' | 'cloudflare' | 'local';

/** Synth document per target. */
export interface SynthDocuments {
  aws: AwsSynthDocument;
  cloudflare: PulumiSynthDocument;
  local: LocalDocument;
}

/** Options per target. */
export interface SynthOptions {
  aws: AwsBuildOptions;
  cloudflare: CloudflareSynthOptions;
  local: { readonly projectDir?: string };
}

/** Every target `synth` knows, in the order `--target all` builds them. */
export const SYNTH_TARGETS: readonly SynthTarget[] = ['aws', 'cloudflare', 'local'];

/**
 * Synthesizes `app` for `target` and returns plain, deterministic JSON: keys sorted, asset
 * hashes and absolute paths replaced by stable placeholders. Throws a ValidationError
 * (every issue at once) when the app is invalid for the target.
 */
export async function synth<T extends SynthTarget>(
  app: App,
  target: T,
  options?: SynthOptions[T],
): Promise<SynthDocuments[T]> {
  switch (target) {
    case 'aws':
      return synthAws(app, options as AwsBuildOptions) as SynthDocuments[T];
    case 'cloudflare':
      return synthCloudflare(app, options as CloudflareSynthOptions) as Promise<SynthDocuments[T]>;
    case 'local':
      return normalize(
        describeLocal(app, (options as SynthOptions['local'] | undefined)?.projectDir),
      ) as unknown as SynthDocuments[T];
    default:
      throw new Error(`unknown target "${String(target)}": expected one of ${SYNTH_TARGETS.join(', ')}`);
  }
}
