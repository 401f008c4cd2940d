import type { App, Function, Kind, KindMap, Resource } from 'anycloud';
import { triggersByFunction, type FunctionTriggers } from '../../lib/adapter';
import type { DegradationLog } from './degradation';
import type { NativesByKind, NativesRegistry } from './natives-registry';
import { applyTransform, type NativePropsByKind, type Transforms } from './transforms';

/** What every target's builders get from the kernel: the app, triggers, natives and transforms. */
export interface KernelContext<N extends NativesByKind, P extends NativePropsByKind> {
  readonly app: App;
  /** Everything that wakes `fn`. */
  triggersOf(fn: Function): FunctionTriggers;
  /** The native objects built for `node` (it must already be built). */
  nativeOf<X extends KindMap[Kind]>(node: X): N[X['kind']];
  /** Records the native objects built for `node`. */
  register<K extends Kind>(node: KindMap[K], natives: N[K]): void;
  /** Applies the user's transform of `kind`, if any. */
  transform<K extends Kind>(kind: K, props: P[K], node: KindMap[K]): P[K];
  /**
   * Declares that `node` gets less on this target than the neutral model promises (`anycloud
   * check` reports it): `id` is `<target>.<kind>.<what>`, `reason` what it gets instead and why.
   */
  degrade(node: Resource, id: string, reason: string): void;
}

/** The kernel's part of a build context, over a natives registry, the user's transforms and the build's degradation log. */
export function kernelContext<N extends NativesByKind, P extends NativePropsByKind>(
  app: App,
  natives: NativesRegistry<N>,
  transforms: Transforms<P> | undefined,
  degradations: DegradationLog,
): KernelContext<N, P> {
  const triggers = triggersByFunction(app);
  return {
    app,
    triggersOf: (fn) => triggers.get(fn)!,
    nativeOf: (node) => natives.built(node),
    register: (node, made) => natives.register(node, made),
    transform: (kind, props, node) => applyTransform(transforms, kind, props, node),
    degrade: (node, id, reason) => degradations.declare(node, id, reason),
  };
}
