/**
 * anycloud/adapter: for target authors. The neutral model's build order, walks, triggers and
 * naming, and the kernel every adapter shares (bundling before declaring, validation issues).
 * User code never needs this.
 * @packageDocumentation
 */
export * from '../../lib/adapter';
export { BundleCache, BundleError, type Bundle, type BundleSpec } from './bundle-cache';
export { bundleFunctions, bundleIssue } from './bundle-functions';
export {
  loadTarget,
  registerTarget,
  targetEntries,
  targetNames,
  unregisterTarget,
  UnknownTargetError,
  type TargetEntry,
} from './target-registry';
export type {
  PulumiTargetHooks,
  SynthArtifacts,
  SynthSummary,
  TargetDescriptor,
  TargetEngine,
} from './target-descriptor';
export { normalize, type Json } from './normalize';
export { countByType } from './synth-summary';
export { DegradationLog, type Degradation } from './degradation';
export {
  nativesByConstruct,
  type ConstructNatives,
  type NativeResource,
  type TargetCheck,
  type TargetCheckOptions,
} from './target-check';
export { NativesRegistry, type NativesByKind } from './natives-registry';
export { kernelContext, type KernelContext } from './build-context';
export { applyTransform, type NativePropsByKind, type Transforms } from './transforms';
export { validateThenBundle, type ValidateThenBundle } from './validate-then-bundle';
export type { GrantPartsByKind, KindBuilders, RuntimeClientModule } from './kind-builders';
export { runtimeClientModule } from './runtime-client-module';
export { NEUTRAL_RUNTIME_ALIASES, sourceFile } from './neutral-runtime';
export type { BundledGrantParts } from './kind-builders';
