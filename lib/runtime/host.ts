import type { Bindings, ResourceBinding } from './binding';
import type { ClientByKind } from './clients';

/** Makes the native client of one kind from a binding. */
export type ClientFactory<K extends keyof ClientByKind> = (
  binding: ResourceBinding,
  id: string,
) => ClientByKind[K];

/**
 * What a target's shim installs before a handler runs: who is running, what it was granted,
 * and how to build clients. Only the factories for kinds the function uses are present.
 */
export interface RuntimeHost {
  readonly functionPath: string;
  readonly bindings: Bindings;
  readonly factories: { readonly [K in keyof ClientByKind]?: ClientFactory<K> };
}

const HOST_KEY = Symbol.for('anycloud.runtime.host');
const CACHE_KEY = Symbol.for('anycloud.runtime.clients');

type HostGlobal = { [HOST_KEY]?: RuntimeHost; [CACHE_KEY]?: Map<string, unknown> };

/** Installs the runtime host (called by a target shim, or by tests). */
export function setRuntimeHost(host: RuntimeHost | undefined): void {
  const g = globalThis as HostGlobal;
  g[HOST_KEY] = host;
  g[CACHE_KEY] = new Map();
}

/** The installed runtime host, if any. */
export function getRuntimeHost(): RuntimeHost | undefined {
  return (globalThis as HostGlobal)[HOST_KEY];
}

/** Per-host cache of clients so a handler reuses connections across invocations. */
export function clientCache(): Map<string, unknown> {
  const g = globalThis as HostGlobal;
  return (g[CACHE_KEY] ??= new Map());
}
