import type { Kind, KindMap, Resource } from 'anycloud';

/** A target's native objects per neutral kind (what `nativeOf` returns for each). */
export type NativesByKind = { readonly [K in Kind]: unknown };

/**
 * The native objects a target built for each neutral construct: builders register what they
 * made and look up what other builders made; users reach them through `nativeOf`, typed by
 * the construct's kind.
 */
export class NativesRegistry<N extends NativesByKind> {
  private readonly natives = new Map<Resource, unknown>();

  /** @param target the target's name, for error messages. */
  constructor(private readonly target: string) {}

  /** Records the native objects built for `node`. */
  register<K extends Kind>(node: KindMap[K], natives: N[K]): void {
    this.natives.set(node, natives);
  }

  /** For builders: the native objects of `node`, which must already be built (an internal error otherwise). */
  built<X extends KindMap[Kind]>(node: X): N[X['kind']] {
    const found = this.natives.get(node);
    if (found === undefined)
      throw new Error(`internal: ${node.node.path} (${node.kind}) is used before it is built`);
    return found as N[X['kind']];
  }

  /** For users: the native objects made for a neutral construct, the escape hatch to the raw engine. */
  nativeOf<X extends KindMap[Kind]>(node: X): N[X['kind']] {
    const found = this.natives.get(node);
    if (found === undefined)
      throw new Error(`${node?.node?.path ?? String(node)} was not built by this ${this.target} build`);
    return found as N[X['kind']];
  }
}
