import type { TargetDescriptor, TargetEngine } from './target-descriptor';

/** One line of the target registry: the name and engine, and how to load the descriptor. */
export interface TargetEntry {
  readonly name: string;
  readonly engine: TargetEngine;
  /** Loads the descriptor (and with it the target's SDK); called once, on first use. */
  load(): TargetDescriptor<unknown, never>;
}

/** A target name was asked for that no registry line gives. */
export class UnknownTargetError extends Error {
  constructor(
    readonly target: unknown,
    readonly known: readonly string[],
  ) {
    super(`unknown target ${JSON.stringify(target)}: expected one of ${known.join(', ')}`);
    this.name = 'UnknownTargetError';
  }
}

interface RegistryState {
  readonly entries: Map<string, TargetEntry>;
  readonly loaded: Map<string, TargetDescriptor<unknown, never>>;
}

const REGISTRY_KEY = Symbol.for('anycloud.targets');
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** The process-wide registry (one, even when two copies of this module are loaded). */
function registry(): RegistryState {
  const g = globalThis as { [REGISTRY_KEY]?: RegistryState };
  return (g[REGISTRY_KEY] ??= { entries: new Map(), loaded: new Map() });
}

/**
 * Adds a target. Built-in targets are registered by `providers/targets.ts`; a target of your own
 * is registered the same way before it is used (`anycloud --require ./my-target.js synth`).
 * Registering a second target under a taken name throws.
 */
export function registerTarget(entry: TargetEntry): void {
  if (typeof entry?.name !== 'string' || !NAME_PATTERN.test(entry.name))
    throw new Error(
      `a target name must be 1-32 lowercase letters, digits or hyphens, starting with a letter (got ${JSON.stringify(entry?.name)})`,
    );
  const { entries } = registry();
  const existing = entries.get(entry.name);
  if (existing && existing !== entry) throw new Error(`a target named "${entry.name}" is already registered`);
  entries.set(entry.name, entry);
}

/** Removes a target registered with {@link registerTarget} (for tests of target plugins). */
export function unregisterTarget(name: string): void {
  registry().entries.delete(name);
  registry().loaded.delete(name);
}

/** Every registered target, in registration order. */
export function targetEntries(): readonly TargetEntry[] {
  return [...registry().entries.values()];
}

/** Names of every registered target, in registration order. */
export function targetNames(): string[] {
  return [...registry().entries.keys()];
}

/** The descriptor of target `name`, loaded on first use; an {@link UnknownTargetError} when none is registered. */
export function loadTarget<D = unknown, O = never>(name: string): TargetDescriptor<D, O> {
  const state = registry();
  const loaded = state.loaded.get(name);
  if (loaded) return loaded as unknown as TargetDescriptor<D, O>;
  const entry = typeof name === 'string' ? state.entries.get(name) : undefined;
  if (!entry) throw new UnknownTargetError(name, targetNames());
  const descriptor = entry.load();
  if (descriptor.name !== entry.name || descriptor.engine !== entry.engine)
    throw new Error(
      `target "${entry.name}" loaded a descriptor for "${descriptor.name}" (${descriptor.engine}), not ${entry.engine}`,
    );
  state.loaded.set(name, descriptor);
  return descriptor as unknown as TargetDescriptor<D, O>;
}
