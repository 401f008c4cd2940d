import type { CloudflareBuilder } from './context';

/**
 * Secret → a `secret_text` binding on each granted Worker; the value comes from Pulumi secret
 * config, so it is encrypted in Pulumi state and never written in plain text.
 */
export const secretBuilder: CloudflareBuilder<'secret'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    ctx.register(node, { component, value: ctx.secretValue(node) });
    component.complete({});
  },
};
