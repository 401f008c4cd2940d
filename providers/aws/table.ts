import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { KeySchema } from 'anycloud';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { NAME_RULES, physicalName } from './naming';
import { runtimeClientModule } from '../shared/runtime-client-module';

/** IAM actions per access level: only what the runtime client calls. */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
  readwrite: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:PutItem',
    'dynamodb:DeleteItem',
  ],
} as const;

function attribute(key: KeySchema): dynamodb.Attribute {
  return {
    name: key.name,
    type: key.type === 'number' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
  };
}

/**
 * Table → DynamoDB (TableV2): on demand, point-in-time recovery, AWS-managed encryption, TTL.
 * A grant → GetItem/Query (read) or also PutItem/DeleteItem (readwrite) on the table's ARN;
 * the binding carries the table name and key schema for the DynamoDB client.
 */
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
  grant(node, access, ctx) {
    const { table } = ctx.nativeOf(node);
    return {
      statements: [
        new iam.PolicyStatement({ actions: [...TABLE_ACTIONS[access]], resources: [table.tableArn] }),
      ],
      binding: {
        kind: 'table',
        access,
        name: table.tableName,
        partitionKey: node.partitionKey,
        ...(node.sortKey ? { sortKey: node.sortKey } : {}),
        ...(node.timeToLiveAttribute ? { timeToLiveAttribute: node.timeToLiveAttribute } : {}),
      },
      wildcardResources: [],
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'dynamodb-table-client', 'dynamoDbTableClient'),
};
