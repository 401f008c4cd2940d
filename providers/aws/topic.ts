import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { NAME_RULES, physicalName } from './naming';
import { runtimeClientModule } from '../shared/runtime-client-module';

/** IAM actions per access level: only what the runtime client calls. */
export const TOPIC_ACTIONS = { publish: ['sns:Publish'] } as const;

/**
 * Topic → SNS, encrypted with the AWS-managed SNS key, TLS only. Each subscriber is a Lambda
 * subscription; failed deliveries and failed invocations go to the subscriber's dead-letter queue.
 * A grant → sns:Publish on the topic's ARN; the binding is the topic ARN.
 */
export const topicBuilder: AwsBuilder<'topic'> = {
  create(node, ctx) {
    const id = constructIdOf(node);
    const props = ctx.transform(
      'topic',
      {
        topicName: physicalName(node, NAME_RULES.sns),
        masterKey: kms.Alias.fromAliasName(ctx.rootScope, `${id}-Key`, 'alias/aws/sns'),
        enforceSSL: true,
      },
      node,
    );
    ctx.register(node, { topic: new sns.Topic(ctx.rootScope, id, props) });
  },

  connect(node, ctx) {
    const { topic } = ctx.nativeOf(node);
    for (const subscription of node.subscriptions) {
      const fn = ctx.nativeOf(subscription.target);
      topic.addSubscription(
        new subscriptions.LambdaSubscription(fn.function, { deadLetterQueue: fn.deadLetterQueue }),
      );
    }
  },
  grant(node, access, ctx) {
    const { topic } = ctx.nativeOf(node);
    return {
      statements: [
        new iam.PolicyStatement({ actions: [...TOPIC_ACTIONS[access]], resources: [topic.topicArn] }),
      ],
      binding: { kind: 'topic', access, name: topic.topicArn },
      wildcardResources: [],
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'sns-topic-client', 'snsTopicClient'),
};
