/**
 * anycloud: the neutral model. Describe an app once; adapters build it for each target.
 * @packageDocumentation
 */
export { App, type AppProps } from './app';
export {
  Bucket,
  type BucketProps,
  type ObjectEventOptions,
  type ObjectEventSubscription,
  type ObjectEventType,
} from './bucket';
export { parseCron, type CronExpression, type CronPart } from './cron';
export { parseDurationSeconds, type Duration, type DurationUnit } from './duration';
export { Function, type FunctionProps, type NodeVersion } from './function';
export { accessIncludes, type Grant, type GrantableResource } from './grant';
export { HttpApi, type CorsOptions, type HttpApiProps, type ResolvedCors, type Route } from './http-api';
export { BUILD_ORDER, type AccessByKind, type GrantableKind, type Kind, type KindMap } from './kind';
export { runBuilders, type PhasedBuilder, type PhasedBuilders } from './build-phases';
export { Queue, type QueueProps, type QueueSubscribeOptions, type QueueSubscription } from './queue';
export { Resource } from './resource';
export { parseRouteKey, type HttpMethod, type RouteKey } from './route-key';
export { Schedule, type ScheduleProps } from './schedule';
export { Secret, type SecretProps } from './secret';
export { parseSizeMb, type Size } from './size';
export { Table, type KeyAttribute, type KeySchema, type KeyType, type TableProps } from './table';
export { Topic, type TopicProps, type TopicSubscribeOptions, type TopicSubscription } from './topic';
export { describeValue, ValidationError, type ValidationIssue } from './validation-error';
export { physicalName, stableHash, type NameRule } from './physical-name';
export { resourcesOf } from './walk';
export { hasAsyncTriggers, triggersByFunction, type FunctionTriggers } from './triggers';
