/**
 * anycloud: the neutral model a user writes. Describe an app once; adapters build it for each
 * target. What target authors need (build order, tree walks, naming) is in `anycloud/adapter`.
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
export type { Duration, DurationUnit } from './duration';
export { Function, type FunctionProps, type NodeVersion } from './function';
export type { Grant, GrantableResource } from './grant';
export {
  HttpApi,
  type CorsOptions,
  type HttpApiAuthOptions,
  type HttpApiProps,
  type JwtAuthOptions,
  type ResolvedCors,
  type ResolvedJwtAuth,
  type ResolvedThrottle,
  type Route,
  type RouteAuth,
  type RouteOptions,
  type ThrottleOptions,
} from './http-api';
export type { AccessByKind, GrantableKind, Kind, KindMap } from './kind';
export { Queue, type QueueProps, type QueueSubscribeOptions, type QueueSubscription } from './queue';
export { Resource } from './resource';
export type { HttpMethod, RouteKey } from './route-key';
export { Schedule, type ScheduleProps } from './schedule';
export { Secret, type SecretProps } from './secret';
export type { Size } from './size';
export { Table, type KeyAttribute, type KeySchema, type KeyType, type TableProps } from './table';
export { Topic, type TopicProps, type TopicSubscribeOptions, type TopicSubscription } from './topic';
export { ValidationError, type ValidationIssue } from './validation-error';
