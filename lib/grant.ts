import { accessIncludes } from './runtime/access';
import type { AccessByKind, GrantableKind } from './kind';
import type { Resource } from './resource';

/** A resource a function can be granted access to. */
export interface GrantableResource extends Resource {
  readonly kind: GrantableKind;
}

/**
 * One grant: a function may use `resource` with `access`. Adapters turn each grant into
 * (1) the narrowest native permission and (2) the binding the runtime client uses.
 */
export interface Grant<K extends GrantableKind = GrantableKind> {
  readonly resource: GrantableResource & { readonly kind: K };
  readonly access: AccessByKind[K];
}

/** Combines two access levels to one resource into the single level covering both. */
export function mergeAccess(a: string, b: string): string {
  if (accessIncludes(a, b)) return a;
  if (accessIncludes(b, a)) return b;
  return 'readwrite';
}

export { accessIncludes };
