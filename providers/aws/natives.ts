import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Transforms } from '../shared/transforms';

/** The native constructs the AWS adapter made for each neutral kind (the escape hatch). */
export interface AwsNatives {
  table: { readonly table: dynamodb.TableV2 };
  bucket: { readonly bucket: s3.Bucket; readonly eventRules: events.Rule[] };
  queue: { readonly queue: sqs.Queue; readonly deadLetterQueue: sqs.Queue };
  topic: { readonly topic: sns.Topic };
  secret: { readonly secret: secretsmanager.Secret };
  function: {
    readonly function: lambda.Function;
    /** The role the function runs with: anycloud's, or the one a `function` transform gave it. */
    readonly role: iam.IRole;
    readonly logGroup: logs.LogGroup;
    /** Dead letters of asynchronous invocations (schedules, object events, topics), when it has any. */
    readonly deadLetterQueue?: sqs.Queue;
  };
  'http-api': {
    readonly api: apigwv2.HttpApi;
    readonly stage: apigwv2.HttpStage;
    readonly accessLogs: logs.LogGroup;
  };
  schedule: { readonly schedule: scheduler.Schedule };
}

/** Native props per kind, as handed to a transform. */
export interface AwsNativeProps {
  table: dynamodb.TablePropsV2;
  bucket: s3.BucketProps;
  queue: sqs.QueueProps;
  topic: sns.TopicProps;
  secret: secretsmanager.SecretProps;
  function: lambda.FunctionProps;
  'http-api': apigwv2.HttpApiProps;
  schedule: scheduler.ScheduleProps;
}

/**
 * Per-kind transforms of the native props before each construct is created: the escape
 * hatch for any setting anycloud does not model. Return the props to use.
 */
export type AwsTransforms = Transforms<AwsNativeProps>;
