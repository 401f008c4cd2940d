import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { KeySchema } from 'anycloud';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { NAME_RULES, physicalName } from './naming';

function attribute(key: KeySchema): dynamodb.Attribute {
  return {
    name: key.name,
    type: key.type === 'number' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
  };
}

/** Table → DynamoDB (TableV2): on demand, point-in-time recovery, AWS-managed encryption, TTL. */
export const tableBuilder: AwsBuilder<'table'> = {
  create(node, ctx) {
    const props = ctx.transform(
      'table',
      {
        tableName: physicalName(node, NAME_RULES.dynamodb),
        partitionKey: attribute(node.partitionKey),
        sortKey: node.sortKey ? attribute(node.sortKey) : undefined,
        timeToLiveAttribute: node.timeToLiveAttribute,
        billing: dynamodb.Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
        removalPolicy: ctx.settings.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      },
      node,
    );
    ctx.register(node, { table: new dynamodb.TableV2(ctx.rootScope, constructIdOf(node), props) });
  },
};
