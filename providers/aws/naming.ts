import { createHash } from 'node:crypto';
import type { Resource } from 'anycloud';

/** Naming rule of one AWS resource type. */
export interface NameRule {
  readonly maxLength: number;
  /** Characters that are not allowed (replaced by `-`). */
  readonly disallowed: RegExp;
  readonly lowercase?: boolean;
}

/** Naming rules per AWS resource type (see PROVIDER-FACTS.md, section C). */
export const NAME_RULES = {
  lambda: { maxLength: 64, disallowed: /[^A-Za-z0-9_-]/g },
  dynamodb: { maxLength: 255, disallowed: /[^A-Za-z0-9_.-]/g },
  sqs: { maxLength: 80, disallowed: /[^A-Za-z0-9_-]/g },
  sns: { maxLength: 256, disallowed: /[^A-Za-z0-9_-]/g },
  secret: { maxLength: 512, disallowed: /[^A-Za-z0-9/_+=.@-]/g },
  httpApi: { maxLength: 128, disallowed: /[^A-Za-z0-9_-]/g },
  schedule: { maxLength: 64, disallowed: /[^A-Za-z0-9_.-]/g },
} as const satisfies Record<string, NameRule>;

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
  let base = [node.app.name, node.app.stage, ...path, suffix]
    .filter(Boolean)
    .join('-')
    .replace(rule.disallowed, '-');
  if (rule.lowercase) base = base.toLowerCase();
  const hash = stableHash(node, suffix);
  const room = rule.maxLength - hash.length - 1;
  return `${base.slice(0, room).replace(/-+$/, '')}-${hash}`;
}
