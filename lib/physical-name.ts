import { createHash } from 'node:crypto';
import type { Resource } from './resource';

/** Naming rule of one native resource type on a target. */
export interface NameRule {
  readonly maxLength: number;
  /** Characters that are not allowed (replaced by `-`). */
  readonly disallowed: RegExp;
  readonly lowercase?: boolean;
}

/** Short stable hash of the app, stage and construct path (plus a suffix), so names stay unique after shortening. */
export function stableHash(node: Resource, suffix = ''): string {
  return createHash('sha256')
    .update(`${node.app.name}/${node.app.stage}/${node.node.path}/${suffix}`)
    .digest('hex')
    .slice(0, 8);
}

/**
 * Deterministic physical name: app, stage, construct path and a stable hash, shaped to
 * `rule`. The same app always gives the same names; two stages never collide.
 */
export function physicalName(node: Resource, rule: NameRule, suffix = ''): string {
  const path = node.node.scopes.slice(1).map((scope) => scope.node.id);
  let base = [node.app.name, node.app.stage, ...path, suffix].filter(Boolean).join('-');
  if (rule.lowercase) base = base.toLowerCase();
  base = base.replace(rule.disallowed, '-');
  const hash = stableHash(node, suffix);
  const room = rule.maxLength - hash.length - 1;
  return `${base.slice(0, room).replace(/-+$/, '')}-${hash}`;
}
