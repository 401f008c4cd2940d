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
const CACHES_KEY = Symbol.for('anycloud.runtime.clients');

type HostGlobal = {
  [HOST_KEY]?: RuntimeHost;
  [CACHES_KEY]?: WeakMap<RuntimeHost, Map<string, unknown>>;
};

/**
 * The host installed in this copy of the runtime. Every function bundle carries its own copy,
 * so a target running many bundles in one process (the local target) gives each its own host
 * without any per-invocation bookkeeping.
 */
let installedHost: RuntimeHost | undefined;

/**
 * Installs the runtime host (called by a target shim, or by tests). Re-installing the same
 * host keeps its clients, so connections are reused across invocations.
 */
export function setRuntimeHost(host: RuntimeHost | undefined): void {
  installedHost = host;
  (globalThis as HostGlobal)[HOST_KEY] = host;
}

/** The runtime host of the invocation in progress, if any. */
export function getRuntimeHost(): RuntimeHost | undefined {
  const g = globalThis as HostGlobal;
  return installedHost ?? g[HOST_KEY];
}

/** The clients made for `host` so far, by `kind:id`. */
export function clientCache(host: RuntimeHost): Map<string, unknown> {
  const g = globalThis as HostGlobal;
  const caches = (g[CACHES_KEY] ??= new WeakMap());
  let cache = caches.get(host);
  if (!cache) caches.set(host, (cache = new Map()));
  return cache;
}
