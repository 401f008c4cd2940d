import type { AccessByKind, GrantableKind, Kind, KindMap } from 'anycloud';
import type { PhasedBuilder } from '../../lib/adapter';

/** What a target's builder of each grantable kind adds to create/connect: how it turns a grant into access. */
export type GrantPartsByKind = { readonly [K in GrantableKind]: object };

/**
 * A target's builder table: one builder per neutral kind, and for each grantable kind the
 * target's grant part (permission, binding, runtime client). A new kind, or a new grantable
 * kind, does not compile until every target answers it.
 */
export type KindBuilders<C, G extends GrantPartsByKind> = {
  readonly [K in Kind]: PhasedBuilder<K, C> & (K extends GrantableKind ? G[K] : unknown);
};

/** The runtime client module a cloud target bundles into a function for one granted kind. */
export interface RuntimeClientModule {
  /** Absolute path of the module (`.ts` in the repository, `.js` in the package). */
  readonly file: string;
  /** Its export that makes the client from a binding. */
  readonly factory: string;
}

/**
 * The grant part of a target that bundles clients into functions (every cloud target): for
 * each grantable kind, what a grant becomes (`G`: permissions, bindings) and the client module
 * bundled into functions granted that kind.
 */
export type BundledGrantParts<C, G> = {
  readonly [K in GrantableKind]: {
    /** What `access` to `node` becomes on the target: the narrowest permission and the binding its client reads. */
    grant(node: KindMap[K], access: AccessByKind[K], ctx: C): G;
    /** The client module bundled into functions granted this kind. */
    readonly runtimeClient: RuntimeClientModule;
  };
};
