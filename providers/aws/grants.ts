import * as iam from 'aws-cdk-lib/aws-iam';
import type { Bucket, Grant, Queue, Secret, Table, Topic } from 'anycloud';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { AwsBuildContext } from './context';

/** What one grant becomes on AWS: exact IAM statements and the binding the runtime client reads. */
export interface AwsGrant {
  readonly statements: iam.PolicyStatement[];
  readonly binding: ResourceBinding;
  /** Resource patterns that end in `/*` (object-level S3 access), for the cdk-nag acknowledgement. */
  readonly wildcardResources: string[];
}

/** Explicit actions per kind and access level: no `*`, no `Get*`, only what the runtime client calls. */
export const AWS_ACTIONS = {
  table: {
    read: ['dynamodb:GetItem', 'dynamodb:Query'],
    readwrite: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  },
  bucket: {
    read: { objects: ['s3:GetObject'], bucket: ['s3:ListBucket'] },
    write: { objects: ['s3:PutObject', 's3:DeleteObject'], bucket: [] },
    readwrite: { objects: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], bucket: ['s3:ListBucket'] },
  },
  queue: { send: ['sqs:SendMessage'] },
  topic: { publish: ['sns:Publish'] },
  secret: { read: ['secretsmanager:GetSecretValue'] },
} as const;

/** Turns one grant into IAM statements scoped to the granted resource, and its binding. */
export function awsGrant(grant: Grant, ctx: AwsBuildContext): AwsGrant {
  const { access } = grant;
  const resource = grant.resource as Table | Bucket | Queue | Topic | Secret;
  switch (resource.kind) {
    case 'table': {
      const { table } = ctx.nativeOf(resource);
      return {
        statements: [
          new iam.PolicyStatement({
            actions: [...AWS_ACTIONS.table[access as 'read']],
            resources: [table.tableArn],
          }),
        ],
        binding: {
          kind: 'table',
          access,
          name: table.tableName,
          partitionKey: resource.partitionKey,
          ...(resource.sortKey ? { sortKey: resource.sortKey } : {}),
          ...(resource.timeToLiveAttribute ? { timeToLiveAttribute: resource.timeToLiveAttribute } : {}),
        },
        wildcardResources: [],
      };
    }
    case 'bucket': {
      const { bucket } = ctx.nativeOf(resource);
      const actions = AWS_ACTIONS.bucket[access as 'read'];
      const objects = bucket.arnForObjects('*');
      const statements = [new iam.PolicyStatement({ actions: [...actions.objects], resources: [objects] })];
      if (actions.bucket.length > 0)
        statements.push(
          new iam.PolicyStatement({ actions: [...actions.bucket], resources: [bucket.bucketArn] }),
        );
      return {
        statements,
        binding: { kind: 'bucket', access, name: bucket.bucketName },
        wildcardResources: [objects],
      };
    }
    case 'queue': {
      const { queue } = ctx.nativeOf(resource);
      return {
        statements: [
          new iam.PolicyStatement({ actions: [...AWS_ACTIONS.queue.send], resources: [queue.queueArn] }),
        ],
        binding: { kind: 'queue', access, name: queue.queueUrl },
        wildcardResources: [],
      };
    }
    case 'topic': {
      const { topic } = ctx.nativeOf(resource);
      return {
        statements: [
          new iam.PolicyStatement({ actions: [...AWS_ACTIONS.topic.publish], resources: [topic.topicArn] }),
        ],
        binding: { kind: 'topic', access, name: topic.topicArn },
        wildcardResources: [],
      };
    }
    case 'secret': {
      const { secret } = ctx.nativeOf(resource);
      return {
        statements: [
          new iam.PolicyStatement({ actions: [...AWS_ACTIONS.secret.read], resources: [secret.secretArn] }),
        ],
        binding: { kind: 'secret', access, name: secret.secretArn },
        wildcardResources: [],
      };
    }
  }
}
