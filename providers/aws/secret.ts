import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { acknowledge } from './nag';
import { NAME_RULES, physicalName } from './naming';

/**
 * Secret → Secrets Manager. The value is set out of band
 * (`aws secretsmanager put-secret-value --secret-id <name> --secret-string ...`).
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
};
