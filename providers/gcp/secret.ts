import * as secretmanager from '@pulumi/gcp/secretmanager';
import { runtimeClientModule } from '../shared/runtime-client-module';
import type { GcpBuilder } from './context';
import { GCP_ROLES } from './iam';
import { gcpName } from './naming';

/**
 * Secret → a Secret Manager secret (automatic replication) and a version holding the value from
 * Pulumi secret config (encrypted in Pulumi state). The function reads the latest version at run
 * time (not as an environment variable, which would pin the version per instance). A read grant
 * → `roles/secretmanager.secretAccessor` on this secret only.
 */
export const secretBuilder: GcpBuilder<'secret'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const project = ctx.settings.project;
    const secret = new secretmanager.Secret(
      `${node.node.path}/secret`,
      ctx.transform(
        'secret',
        { project, secretId: gcpName(node, 'secret'), replication: { auto: {} } },
        node,
      ),
      ctx.optionsOf(node),
    );
    const value = ctx.secretValue(node);
    const version = value
      ? new secretmanager.SecretVersion(
          `${node.node.path}/version`,
          { secret: secret.id, secretData: value },
          ctx.optionsOf(node),
        )
      : undefined;
    ctx.register(node, { component, secret, version });
    component.complete({ secretId: secret.secretId });
  },

  grant(node, access, ctx) {
    const { secret } = ctx.nativeOf(node);
    return {
      iam: [
        {
          role: GCP_ROLES.secretAccessor,
          scope: { kind: 'secret', secretId: secret.secretId },
          scopeKey: `${node.node.path}/secret`,
        },
      ],
      binding: {
        kind: 'secret',
        access,
        name: `projects/${ctx.settings.project}/secrets/${gcpName(node, 'secret')}`,
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'secret-manager-client', 'secretManagerClient'),
};
