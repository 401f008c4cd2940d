import type { Resource } from 'anycloud';

/**
 * A place where a target gives a construct less than the neutral model promises (a grant it
 * cannot scope, a filter or time zone applied in the shim, a setting it cannot map), declared by
 * the builder that makes that choice, so `anycloud check` reports it from the adapter itself.
 */
export interface Degradation {
  /** The target that degrades, e.g. `gcp`. */
  readonly target: string;
  /** Path of the degraded construct, e.g. `shop/Orders`. */
  readonly path: string;
  /** Stable id, `<target>.<kind>.<what>`, e.g. `gcp.table.grant-widened`. */
  readonly id: string;
  /** What the construct gets instead, and why, with the values involved. */
  readonly reason: string;
}

/** The degradations one build declared, each once, in a stable order (path, then id, then reason). */
export class DegradationLog {
  private readonly declared = new Map<string, Degradation>();

  /** @param target the target's name, recorded on every degradation. */
  constructor(readonly target: string) {}

  /** Declares that `node` is degraded: `id` (`<target>.<kind>.<what>`) and what it gets instead. */
  declare(node: Resource, id: string, reason: string): void {
    if (!id.startsWith(`${this.target}.`))
      throw new Error(`internal: degradation id "${id}" must start with "${this.target}."`);
    const degradation = { target: this.target, path: node.node.path, id, reason };
    this.declared.set(`${degradation.path}\n${id}\n${reason}`, degradation);
  }

  /** Every declared degradation, sorted by path, id and reason. */
  list(): readonly Degradation[] {
    return [...this.declared.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
  }
}
