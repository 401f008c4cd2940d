import { type Resource } from 'anycloud';
import { physicalName, type NameRule } from 'anycloud/adapter';

/**
 * Naming rules per Cloudflare resource type (PROVIDER-FACTS.md, section C): Worker script
 * names `^[a-z0-9_][a-z0-9-_]*$`, kept to 63 characters so a script name is also a DNS label
 * on workers.dev; R2 bucket names 3-63 lowercase letters, digits and `-`; queue and D1
 * names kept to the same shape (their limits are not documented).
 */
export const NAME_RULES = {
  worker: { maxLength: 63, disallowed: /[^a-z0-9_-]/g, lowercase: true },
  r2: { maxLength: 63, disallowed: /[^a-z0-9-]/g, lowercase: true },
  queue: { maxLength: 63, disallowed: /[^a-z0-9-]/g, lowercase: true },
  d1: { maxLength: 63, disallowed: /[^a-z0-9-]/g, lowercase: true },
} as const satisfies Record<string, NameRule>;

/** The Cloudflare name of `node` (plus an optional suffix) under `rule`. */
export function cloudflareName(node: Resource, rule: keyof typeof NAME_RULES, suffix = ''): string {
  return physicalName(node, NAME_RULES[rule], suffix).replace(/^[-_]+/, '');
}

/** Name of a Worker binding for construct `id`: `TABLE_ORDERS`, `QUEUE_FULFILMENT`... */
export function bindingName(kind: string, id: string, index?: number): string {
  const base = `${kind}_${id}`
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
  return index === undefined ? base : `${base}_${index}`;
}
