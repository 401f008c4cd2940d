/**
 * anycloud/testing: deterministic synthesis for snapshot tests, and the local target in jest.
 * `expect(await synth(app, 'aws')).toMatchSnapshot()` is the whole recipe.
 * @packageDocumentation
 */
import type { App } from 'anycloud';
import type { AwsBuildOptions } from 'anycloud/aws';
import type { LocalDocument } from 'anycloud/local';
import type { AwsSynthDocument } from '../providers/aws/synth';
import type { AzureSynthOptions } from '../providers/azure/synth';
import type { GcpSynthOptions } from '../providers/gcp/synth';
import type { CloudflareSynthOptions } from '../providers/cloudflare/synth';
import type { LocalSynthOptions } from '../providers/local/target';
import type { PulumiSynthDocument } from '../providers/shared/pulumi-document';
import { loadTarget, targetNames } from '../providers/targets';

export { type Json, normalize } from '../providers/shared/normalize';
export { local } from './local';
export { startTestIssuer, type TestIssuer, type TestTokenOptions } from './test-issuer';
export type { AwsSynthDocument } from '../providers/aws/synth';
export type { AzureSynthOptions } from '../providers/azure/synth';
export type { GcpSynthOptions } from '../providers/gcp/synth';
export type { CloudflareSynthOptions } from '../providers/cloudflare/synth';
export type { LocalSynthOptions } from '../providers/local/target';
export {
  CapturedSecret,
  pulumiSynthDocument,
  type CapturedProgram,
  type CapturedResource,
  type PulumiSynthDocument,
  type PulumiSynthResource,
} from '../providers/shared/pulumi-document';
export { SYNTH_ACCOUNT_ID } from '../providers/cloudflare/synth-account';
export {
  loadTarget,
  registerTarget,
  targetNames,
  UnknownTargetError,
  type SynthArtifacts,
  type SynthSummary,
  type TargetDescriptor,
  type TargetEntry,
} from '../providers/targets';

/** Synth document and options of each built-in target. */
export interface BuiltInTargets {
  aws: { document: AwsSynthDocument; options: AwsBuildOptions };
  azure: { document: PulumiSynthDocument; options: AzureSynthOptions };
  gcp: { document: PulumiSynthDocument; options: GcpSynthOptions };
  cloudflare: { document: PulumiSynthDocument; options: CloudflareSynthOptions };
  local: { document: LocalDocument; options: LocalSynthOptions };
}

/** A target `synth` can build for: a built-in one, or any registered with `registerTarget`. */
export type SynthTarget = keyof BuiltInTargets | (string & {});

type DocumentOf<T extends string> = T extends keyof BuiltInTargets ? BuiltInTargets[T]['document'] : unknown;
type OptionsOf<T extends string> = T extends keyof BuiltInTargets ? BuiltInTargets[T]['options'] : object;

/** Every registered target, in the order `anycloud synth --target all` builds them. */
export function synthTargets(): string[] {
  return targetNames();
}

/**
 * Synthesizes `app` for `target` and returns plain, deterministic JSON: keys sorted, asset
 * hashes and absolute paths replaced by stable placeholders. Throws a ValidationError
 * (every issue at once) when the app is invalid for the target. The target's SDK is loaded
 * on first use.
 */
export async function synth<T extends SynthTarget>(
  app: App,
  target: T,
  options?: OptionsOf<T>,
): Promise<DocumentOf<T>> {
  return (await loadTarget<DocumentOf<T>, OptionsOf<T>>(target).synth(app, options)) as DocumentOf<T>;
}

/**
 * Runs a Pulumi program in this process under `pulumi.runtime.setMocks` and captures every
 * resource registration (type, name, parent, dependencies, inputs) and the program's outputs.
 * `@pulumi/pulumi` is loaded on first use.
 */
export function capturePulumiProgram(
  ...args: Parameters<typeof import('../providers/shared/pulumi-capture').capturePulumiProgram>
): Promise<import('../providers/shared/pulumi-document').CapturedProgram> {
  const capture =
    require('../providers/shared/pulumi-capture') as typeof import('../providers/shared/pulumi-capture');
  return capture.capturePulumiProgram(...args);
}
