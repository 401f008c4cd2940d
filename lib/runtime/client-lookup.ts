import { accessIncludes } from './access';
import { AccessError } from './access-error';
import { GRANT_METHOD, REQUIRED_ACCESS, type ClientByKind } from './clients';
import { checkItemLimits, checkKeyLimits } from './item-limits';
import { clientCache, getRuntimeHost } from './runtime-host';
import type { ResourceBinding } from './binding';
import type { Item } from './clients';

/** The neutral item and key limits, checked before any target's backend sees the call. */
function checkTableLimits(id: string, binding: ResourceBinding, operation: string, argument: unknown): void {
  if (operation === 'put') checkItemLimits(id, binding, argument as Item);
  else if (operation === 'get' || operation === 'delete') checkKeyLimits(id, binding, argument as Item);
}

/**
 * Returns the client of resource `id` of `kind`, checked against the function's grants:
 * a missing grant, a grant of another kind, or an operation beyond the granted access
 * each fail with an AccessError naming the grant to add.
 */
export function lookupClient<K extends keyof ClientByKind>(kind: K, id: string): ClientByKind[K] {
  const host = getRuntimeHost();
  if (!host) {
    throw new Error(
      `anycloud/runtime: ${kind}("${id}") works only inside a function run by an anycloud target (or anycloud/testing)`,
    );
  }
  const cacheKey = `${kind}:${id}`;
  const cached = clientCache(host).get(cacheKey);
  if (cached) return cached as ClientByKind[K];

  const binding = host.bindings[id];
  const methods = GRANT_METHOD[kind];
  const anyGrant = Object.values(methods)
    .map((m) => `${id}.${m}(fn)`)
    .join(' or ');
  if (!binding) {
    throw new AccessError(
      `function "${host.functionPath}" has no grant on ${kind} "${id}": add ${anyGrant} to the app`,
    );
  }
  if (binding.kind !== kind) {
    throw new AccessError(
      `"${id}" is a ${binding.kind}, not a ${kind}: use ${binding.kind}("${id}") in function "${host.functionPath}"`,
    );
  }
  const factory = host.factories[kind];
  if (!factory)
    throw new Error(
      `anycloud/runtime: this target has no ${kind} client bundled into "${host.functionPath}"`,
    );
  const native = factory(binding, id) as unknown as Record<string, (...args: unknown[]) => unknown>;
  const required = REQUIRED_ACCESS[kind] as Record<string, string>;
  const checked: Record<string, unknown> = {};
  for (const [operation, access] of Object.entries(required)) {
    checked[operation] = (...args: unknown[]) => {
      if (!accessIncludes(binding.access, access)) {
        const grant = `${id}.${methods[access] ?? methods.readwrite}(fn)`;
        return Promise.reject(
          new AccessError(
            `function "${host.functionPath}" may only ${binding.access} ${kind} "${id}": ${operation}() needs ${grant}`,
          ),
        );
      }
      try {
        if (kind === 'table') checkTableLimits(id, binding, operation, args[0]);
      } catch (error) {
        return Promise.reject(error);
      }
      return native[operation](...args);
    };
  }
  clientCache(host).set(cacheKey, checked);
  return checked as unknown as ClientByKind[K];
}
