import type { Construct } from 'constructs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { App, Function, Kind, KindMap } from 'anycloud';
import type { FunctionTriggers, PhasedBuilder, PhasedBuilders } from 'anycloud/adapter';
import type { Bundle } from './bundling';
import type { AwsNativeProps, AwsNatives } from './natives';

/** Settings of an AWS build, with defaults applied. */
export interface AwsSettings {
  /** Days to keep function and access logs. */
  readonly logRetentionDays: number;
  /** Whether data resources are destroyed with the stack (off: they are retained). */
  readonly destroyData: boolean;
}

/** What a builder gets: where to put things, how to find what other builders made, shared pieces. */
export interface AwsBuildContext {
  readonly app: App;
  readonly settings: AwsSettings;
  /** Scope for data resources and APIs. */
  readonly rootScope: Construct;
  /** Scope for a function and what connects to it (a nested stack when the app is split). */
  scopeOf(fn: Function): Construct;
  /** Triggers of a function. */
  triggersOf(fn: Function): FunctionTriggers;
  /** The native constructs built for `node` (it must already be built). */
  nativeOf<N extends KindMap[Kind]>(node: N): AwsNatives[N['kind']];
  /** Records the native constructs built for `node`. */
  register<N extends KindMap[Kind]>(node: N, natives: AwsNatives[N['kind']]): void;
  /** Applies the user's transform of `kind`, if any. */
  transform<K extends Kind>(kind: K, props: AwsNativeProps[K], node: KindMap[K]): AwsNativeProps[K];
  /** The app's shared S3 server-access-log bucket (made on first use). */
  accessLogBucket(): s3.Bucket;
  /** The bundle of each function (all are bundled before any construct is declared). */
  readonly bundles: Map<Function, Bundle>;
}

/** The dead-letter queue of a function, when it was built with one. */
export type DeadLetterQueueOf = (fn: Function) => sqs.Queue | undefined;

/** A builder of one kind: `create` in the build-order phase, `connect` after every kind was created. */
export type AwsBuilder<K extends Kind> = PhasedBuilder<K, AwsBuildContext>;

/** One builder per neutral kind: a new kind does not compile until AWS handles it. */
export type AwsBuilders = PhasedBuilders<AwsBuildContext>;
