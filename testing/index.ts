/**
 * anycloud/testing: deterministic synthesis for snapshot tests.
 * `expect(await synth(app, 'aws')).toMatchSnapshot()` is the whole recipe.
 * @packageDocumentation
 */
import type { App } from 'anycloud';
import type { AwsBuildOptions } from 'anycloud/aws';
import { synthAws, type AwsSynthDocument } from './aws-synth';

export { normalize, type Json } from './normalize';
export { local } from './local';
export type { AwsSynthDocument } from './aws-synth';

/** Targets `synth` can build for. */
export type SynthTarget = 'aws';

/** Synth document per target. */
export interface SynthDocuments {
  aws: AwsSynthDocument;
}

/** Options per target. */
export interface SynthOptions {
  aws: AwsBuildOptions;
}

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
      return synthAws(app, options) as SynthDocuments[T];
    default:
      throw new Error(`unknown target "${String(target)}": expected one of aws`);
  }
}
