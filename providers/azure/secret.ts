import * as keyvault from '@pulumi/azure-native/keyvault';
import { childOf } from '../shared/pulumi-component';
import { runtimeClientModule } from '../shared/runtime-client-module';
import type { AzureBuilder } from './context';
import { azureName } from './naming';

/**
 * Secret → a secret in the app's Key Vault (RBAC mode), its value from Pulumi secret config (so
 * it is encrypted in Pulumi state, never written in plain text). A read grant → Key Vault
 * Secrets User on this secret only (not the vault); the function reads it at run time.
 */
export const secretBuilder: AzureBuilder<'secret'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const value = ctx.secretValue(node);
    const vault = ctx.shared.vault;
    const secret =
      value && vault
        ? new keyvault.Secret(
            `${node.node.path}/secret`,
            ctx.transform(
              'secret',
              {
                secretName: azureName(node, 'keyVaultSecret'),
                vaultName: vault.name,
                resourceGroupName: ctx.shared.resourceGroupName,
                properties: { value },
              },
              node,
            ),
            childOf(component, { dependsOn: [vault.vault] }),
          )
        : undefined;
    ctx.register(node, { component, secret });
    component.complete({});
  },

  grant(node, access, ctx) {
    const { secret } = ctx.nativeOf(node);
    return {
      roles: [{ role: 'keyVaultSecretsUser', scope: secret!.id, scopeKey: `${node.node.path}/secret` }],
      binding: {
        kind: 'secret',
        access,
        name: azureName(node, 'keyVaultSecret'),
        vaultUri: ctx.shared.vault!.uri,
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'key-vault-secret-client', 'keyVaultSecretClient'),
};
