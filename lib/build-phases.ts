import type { App } from './app';
import { BUILD_ORDER, type Kind, type KindMap } from './kind';
import { resourcesOf } from './walk';

/** A target's builder of one kind: `create` in build order, `connect` once every kind was created. */
export interface PhasedBuilder<K extends Kind, C> {
  create?(node: KindMap[K], ctx: C): void;
  connect?(node: KindMap[K], ctx: C): void;
}

/** One builder per kind: a new kind does not compile until the target handles it. */
export type PhasedBuilders<C> = { readonly [K in Kind]: PhasedBuilder<K, C> };

/**
 * Runs a target's builders over `app` in the shared order: every `create` (data, then
 * functions, then what connects them), then every `connect`.
 */
export function runBuilders<C>(app: App, builders: PhasedBuilders<C>, ctx: C): void {
  for (const phase of ['create', 'connect'] as const) {
    for (const kind of BUILD_ORDER) {
      const builder = builders[kind] as PhasedBuilder<Kind, C>;
      const step = builder[phase];
      if (!step) continue;
      for (const node of resourcesOf(app, kind)) step.call(builder, node, ctx);
    }
  }
}
