import type { CloudflareBuilder } from './context';
import { runtimeClientModule } from '../shared/runtime-client-module';
import { bindingName } from './naming';

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
  grant(node, access, ctx) {
    const name = bindingName('secret', node.node.id);
    return {
      workerBindings: [{ type: 'secret_text', name, text: ctx.nativeOf(node).value! }],
      binding: { kind: 'secret', access, name: node.node.id, workerBinding: name },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'secret-client', 'cloudflareSecretClient'),
};
