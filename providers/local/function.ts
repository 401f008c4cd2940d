import type { LocalBuilder } from './context';

/** Function → bundled with esbuild and loaded in this process when the app starts. */
export const functionBuilder: LocalBuilder<'function'> = {
  create(node, ctx) {
    ctx.register(node, { fn: node });
  },
};
