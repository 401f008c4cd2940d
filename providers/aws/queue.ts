import { Duration, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { NAME_RULES, physicalName } from './naming';
import { deadLetterQueue } from './queue-defaults';
import { runtimeClientModule } from '../shared/runtime-client-module';

/** IAM actions per access level: only what the runtime client calls. */
export const QUEUE_ACTIONS = { send: ['sqs:SendMessage'] } as const;

/**
 * What the Lambda SQS poller calls with the consumer's role (AWSLambdaSQSQueueExecutionRole):
 * no ChangeMessageVisibility or GetQueueUrl, which CDK's SqsEventSource also grants.
 */
export const QUEUE_CONSUMER_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
] as const;

/** SQS allows a visibility timeout of at most 12 hours. */
const MAX_VISIBILITY_SECONDS = 12 * 3600;

/**
 * Queue → SQS with a dead-letter queue (maxReceiveCount = maxRetries + 1), SQS-managed
 * encryption, TLS only. The consumer is a Lambda event source with partial batch failure
 * (ReportBatchItemFailures), and a visibility timeout six times the consumer's timeout.
 * A grant → sqs:SendMessage on the queue's ARN; the binding is the queue URL.
 */
export const queueBuilder: AwsBuilder<'queue'> = {
  create(node, ctx) {
    const id = constructIdOf(node);
    const subscription = node.subscription;
    const dlq = deadLetterQueue(
      ctx.rootScope,
      `${id}-DeadLetters`,
      physicalName(node, NAME_RULES.sqs, 'dlq'),
      `dead letters of ${node.node.path}`,
    );
    const visibility = Math.min(
      MAX_VISIBILITY_SECONDS,
      Math.max(30, 6 * (subscription?.target.timeoutSeconds ?? 5)),
    );
    const props = ctx.transform(
      'queue',
      {
        queueName: physicalName(node, NAME_RULES.sqs),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.seconds(node.retentionSeconds),
        visibilityTimeout: Duration.seconds(visibility),
        deadLetterQueue: { queue: dlq, maxReceiveCount: (subscription?.maxRetries ?? 3) + 1 },
        removalPolicy: ctx.settings.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      },
      node,
    );
    ctx.register(node, { queue: new sqs.Queue(ctx.rootScope, id, props), deadLetterQueue: dlq });
  },

  connect(node, ctx) {
    const subscription = node.subscription;
    if (!subscription) return;
    const { queue } = ctx.nativeOf(node);
    const consumer = ctx.nativeOf(subscription.target);
    consumer.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...QUEUE_CONSUMER_ACTIONS], resources: [queue.queueArn] }),
    );
    // A customer-managed key set through a transform: the poller decrypts with the same role.
    queue.encryptionMasterKey?.grantDecrypt(consumer.role);
    // The id CDK's SqsEventSource gives its mapping: a renamed mapping would be created before the
    // old one is deleted, and Lambda refuses a second mapping of one queue to one function.
    consumer.function.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(queue.node)}`, {
      eventSourceArn: queue.queueArn,
      batchSize: subscription.batchSize,
      reportBatchItemFailures: true,
    });
  },
  grant(node, access, ctx) {
    const { queue } = ctx.nativeOf(node);
    return {
      statements: [
        new iam.PolicyStatement({ actions: [...QUEUE_ACTIONS[access]], resources: [queue.queueArn] }),
      ],
      binding: { kind: 'queue', access, name: queue.queueUrl },
      wildcardResources: [],
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'sqs-queue-client', 'sqsQueueClient'),
};
