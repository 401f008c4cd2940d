import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { ObjectEventSubscription } from 'anycloud';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { acknowledge } from './nag';
import { runtimeClientModule } from '../shared/runtime-client-module';
import { s3EventKeyForms } from './runtime/s3-event-key';

/** IAM actions per access level, on the objects and on the bucket: only what the runtime client calls. */
export const BUCKET_ACTIONS = {
  read: { objects: ['s3:GetObject'], bucket: ['s3:ListBucket'] },
  write: { objects: ['s3:PutObject', 's3:DeleteObject'], bucket: [] },
  readwrite: { objects: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], bucket: ['s3:ListBucket'] },
} as const;

/**
 * The EventBridge filter on `detail.object.key` for a subscription's prefix and suffix, on the
 * key as S3 writes it in events (URL-encoded, see s3-event-key.ts): one matcher per form a
 * fragment can take, any of which matches.
 */
function keyFilter(subscription: ObjectEventSubscription): unknown[] | undefined {
  const { prefix, suffix } = subscription;
  const escape = (s: string) => s.replace(/[\\*]/g, (c) => `\\${c}`);
  if (prefix && suffix) {
    return s3EventKeyForms(prefix).flatMap((p) =>
      s3EventKeyForms(suffix).flatMap((s) => events.Match.wildcard(`${escape(p)}*${escape(s)}`)),
    );
  }
  if (prefix) return s3EventKeyForms(prefix).flatMap((p) => events.Match.prefix(p));
  if (suffix) return s3EventKeyForms(suffix).flatMap((s) => events.Match.suffix(s));
  return undefined;
}

/**
 * Bucket → S3: all public access blocked, TLS only, S3-managed encryption, server access
 * logs. Object events go S3 → EventBridge → Lambda, switched on in the bucket's own
 * NotificationConfiguration (no notification custom resource). A grant → object actions on
 * `<bucket ARN>/*` and s3:ListBucket on the bucket for reads; the binding is the bucket name.
 */
export const bucketBuilder: AwsBuilder<'bucket'> = {
  create(node, ctx) {
    const id = constructIdOf(node);
    const props = ctx.transform(
      'bucket',
      {
        // Bucket names are global across all AWS accounts: CloudFormation generates a unique one.
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        encryption: s3.BucketEncryption.S3_MANAGED,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: ctx.accessLogBucket(),
        serverAccessLogsPrefix: `${id}/`,
        removalPolicy: ctx.settings.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      },
      node,
    );
    const bucket = new s3.Bucket(ctx.rootScope, id, props);
    if (node.subscriptions.length > 0) {
      (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
        eventBridgeConfiguration: { eventBridgeEnabled: true },
      };
    }
    ctx.register(node, { bucket, eventRules: [] });
  },

  connect(node, ctx) {
    const { bucket, eventRules } = ctx.nativeOf(node);
    node.subscriptions.forEach((subscription, index) => {
      const fn = ctx.nativeOf(subscription.target);
      const key = keyFilter(subscription);
      const rule = new events.Rule(
        ctx.scopeOf(subscription.target),
        `${constructIdOf(node)}-${subscription.type}-${index}`,
        {
          description: `${node.node.path}: object ${subscription.type} → ${subscription.target.node.path}`,
          eventPattern: {
            source: ['aws.s3'],
            detailType: [subscription.type === 'created' ? 'Object Created' : 'Object Deleted'],
            detail: { bucket: { name: [bucket.bucketName] }, ...(key ? { object: { key } } : {}) },
          },
          targets: [
            new targets.LambdaFunction(fn.function, {
              deadLetterQueue: fn.deadLetterQueue,
              retryAttempts: 185,
              maxEventAge: Duration.hours(24),
            }),
          ],
        },
      );
      eventRules.push(rule);
    });
  },
  grant(node, access, ctx) {
    const { bucket } = ctx.nativeOf(node);
    const actions = BUCKET_ACTIONS[access];
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
  },

  runtimeClient: runtimeClientModule(__dirname, 's3-bucket-client', 's3BucketClient'),
};

/** The app's S3 server-access-log bucket: private, TLS only, expires logs after 90 days. */
export function createAccessLogBucket(
  scope: import('constructs').Construct,
  destroyData: boolean,
): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(90) }],
    removalPolicy: destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  });
  acknowledge(bucket, [
    {
      id: 'AwsSolutions-S1',
      reason: 'This is the server-access-log bucket itself; logging it to itself would loop.',
    },
  ]);
  return bucket;
}
