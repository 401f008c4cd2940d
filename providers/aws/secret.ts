import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { acknowledge } from './nag';
import { NAME_RULES, physicalName } from './naming';
import { runtimeClientModule } from '../shared/runtime-client-module';

/** IAM actions per access level: only what the runtime client calls. */
export const SECRET_ACTIONS = { read: ['secretsmanager:GetSecretValue'] } as const;

/**
 * Secret → Secrets Manager. The value is set out of band
 * (`aws secretsmanager put-secret-value --secret-id <name> --secret-string ...`).
 * A grant → secretsmanager:GetSecretValue on the secret's ARN; the binding is that ARN.
 */
export const secretBuilder: AwsBuilder<'secret'> = {
  create(node, ctx) {
    const props = ctx.transform(
      'secret',
      {
        secretName: physicalName(node, NAME_RULES.secret),
        description: node.description ?? `anycloud secret ${node.node.path}`,
        removalPolicy: ctx.settings.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      },
      node,
    );
    const secret = new secretsmanager.Secret(ctx.rootScope, constructIdOf(node), props);
    acknowledge(secret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The value is an application credential set by the user; rotation depends on its issuer and is opt-in through the transform escape hatch.',
      },
    ]);
    ctx.register(node, { secret });
  },
  grant(node, access, ctx) {
    const { secret } = ctx.nativeOf(node);
    return {
      statements: [
        new iam.PolicyStatement({ actions: [...SECRET_ACTIONS[access]], resources: [secret.secretArn] }),
      ],
      binding: { kind: 'secret', access, name: secret.secretArn },
      wildcardResources: [],
    };
  },

  runtimeClient: runtimeClientModule(
    __dirname,
    'secrets-manager-secret-client',
    'secretsManagerSecretClient',
  ),
};
