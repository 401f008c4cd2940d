import type { Kind, KindMap } from 'anycloud';

/** A target's native props (or Pulumi args) per neutral kind, as transforms see them. */
export type NativePropsByKind = { readonly [K in Kind]: unknown };

/**
 * Per-kind transforms of the native props before each native resource is created: the escape
 * hatch for any setting anycloud does not model. Each gets the props anycloud chose and the
 * neutral construct, and returns the props to use.
 */
export type Transforms<P extends NativePropsByKind> = {
  readonly [K in Kind]?: (props: P[K], node: KindMap[K]) => P[K];
};

/** Applies the user's transform of `kind` to `props`, if there is one. */
export function applyTransform<P extends NativePropsByKind, K extends Kind>(
  transforms: Transforms<P> | undefined,
  kind: K,
  props: P[K],
  node: KindMap[K],
): P[K] {
  const transform = transforms?.[kind] as ((p: P[K], n: KindMap[K]) => P[K]) | undefined;
  return transform ? transform(props, node) : props;
}
