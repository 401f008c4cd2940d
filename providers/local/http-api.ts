import type { LocalBuilder } from './context';

/** HttpApi → its routes on the one local HTTP server (API Gateway's matching rules, CORS answered). */
export const httpApiBuilder: LocalBuilder<'http-api'> = {
  create(node, ctx) {
    ctx.register(node, { api: node });
  },
};
