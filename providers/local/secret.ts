import type { LocalBuilder } from './context';
import { secretEnvName } from './secrets';

/**
 * Secret → read at run time from `ANYCLOUD_SECRET_<ID>` or the git-ignored
 * `.anycloud/secrets.json`. A grant → `value()`, which fails with how to set a missing one.
 */
export const secretBuilder: LocalBuilder<'secret'> = {
  create(node, ctx) {
    ctx.register(node, { secret: node, env: secretEnvName(node) });
  },

  grant(node, access, ctx) {
    return {
      binding: { kind: 'secret', access, name: node.node.path },
      client: () => ({ value: async () => ctx.secrets.value(node) }),
    };
  },
};
