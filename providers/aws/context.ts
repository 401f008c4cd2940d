import type { Construct } from 'constructs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Function, Grant, Kind } from 'anycloud';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { KernelContext } from '../shared/build-context';
import type { BundledGrantParts, KindBuilders } from '../shared/kind-builders';
import type { Bundle } from './bundling';
import type { AwsNativeProps, AwsNatives } from './natives';

/** Settings of an AWS build, with defaults applied. */
export interface AwsSettings {
  /** Days to keep function and access logs. */
  readonly logRetentionDays: number;
  /** Whether data resources are destroyed with the stack (off: they are retained). */
  readonly destroyData: boolean;
}

/** What one grant becomes on AWS: exact IAM statements and the binding the runtime client reads. */
export interface AwsGrant {
  readonly statements: iam.PolicyStatement[];
  readonly binding: ResourceBinding;
  /** Resource patterns that end in `/*` (object-level S3 access), for the cdk-nag acknowledgement. */
  readonly wildcardResources: string[];
}

/** What a builder gets: the kernel's lookups, where to put things, shared pieces. */
export interface AwsBuildContext extends KernelContext<AwsNatives, AwsNativeProps> {
  readonly settings: AwsSettings;
  /** Scope for data resources and APIs. */
  readonly rootScope: Construct;
  /** Scope for a function and what connects to it (a nested stack when the app is split). */
  scopeOf(fn: Function): Construct;
  /** What `grant` becomes, answered by the builder of the granted resource's kind. */
  grant(grant: Grant): AwsGrant;
  /** The app's shared S3 server-access-log bucket (made on first use). */
  accessLogBucket(): s3.Bucket;
  /** The bundle of each function (all are bundled before any construct is declared). */
  readonly bundles: ReadonlyMap<Function, Bundle>;
}

/** The dead-letter queue of a function, when it was built with one. */
export type DeadLetterQueueOf = (fn: Function) => sqs.Queue | undefined;

/** The AWS part of a grantable kind's builder: the IAM statements and binding of a grant, and its runtime client. */
export type AwsGrantParts = BundledGrantParts<AwsBuildContext, AwsGrant>;

/** One builder per neutral kind: a new kind (or grantable kind) does not compile until AWS handles it. */
export type AwsBuilders = KindBuilders<AwsBuildContext, AwsGrantParts>;

/** The AWS builder of one kind. */
export type AwsBuilder<K extends Kind> = AwsBuilders[K];
