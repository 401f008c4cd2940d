/**
 * anycloud/aws: builds an anycloud app as AWS CDK constructs (aws-cdk-lib), into a Stack of
 * its own or into any scope of a hand-written CDK app.
 * @packageDocumentation
 */
export { AwsBuild, AwsStack, buildAws, type AwsBuildOptions, type AwsStackProps } from './adapter';
export { AWS_ACTIONS } from './grants';
export { AWS_LIMITS, checkAwsLimits } from './limits';
export type { AwsNativeProps, AwsNatives, AwsTransforms } from './natives';
export { toEventBridgeCron } from './cron';
export { physicalName } from './naming';
export type { Bundle } from './bundling';
