/**
 * anycloud/aws: builds an anycloud app as AWS CDK constructs (aws-cdk-lib), into a Stack of
 * its own or into any scope of a hand-written CDK app.
 * @packageDocumentation
 */
export { AwsBuild, AwsStack, buildAws, type AwsBuildOptions, type AwsStackProps } from './adapter';
export { AWS_LIMITS, checkAwsLimits } from './limits';
export type { AwsNativeProps, AwsNatives, AwsTransforms } from './natives';
export { toEventBridgeCron } from './cron';
export { physicalName } from './naming';
export type { Bundle } from './bundling';
export type { AwsGrant } from './context';
import { BUCKET_ACTIONS } from './bucket';
import { QUEUE_ACTIONS } from './queue';
import { SECRET_ACTIONS } from './secret';
import { TABLE_ACTIONS } from './table';
import { TOPIC_ACTIONS } from './topic';

/** The IAM actions each grant gives, per kind and access level (no `*`: only what the runtime clients call). */
export const AWS_ACTIONS = {
  table: TABLE_ACTIONS,
  bucket: BUCKET_ACTIONS,
  queue: QUEUE_ACTIONS,
  topic: TOPIC_ACTIONS,
  secret: SECRET_ACTIONS,
} as const;
export { AWS_CONTEXT_KEYS } from './settings-from-context';
