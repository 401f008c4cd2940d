import type { SqlJsStatic } from 'sql.js';
import type { Bucket, Function, HttpApi, Kind, KindMap, Queue, Schedule, Secret, Topic } from 'anycloud';
import type { BucketStore } from './bucket-store';
import type { Channel } from './channel';
import type { Clock } from './clock';
import type { TableStore } from './table-store';

/** Something that delivers a channel's messages to a function. */
export interface Consumer {
  readonly channel: Channel;
  readonly fn: Function;
  readonly batchSize: number;
  readonly kind: 'queue' | 'topic' | 'object';
  readonly sourceId: string;
  busy: boolean;
}

/** What the local builders make: the stores, channels and lists the running app serves from. */
export interface LocalState {
  readonly tables: Map<string, TableStore>;
  readonly buckets: Map<string, BucketStore>;
  readonly queues: Map<Queue, Channel>;
  readonly topicChannels: Map<Topic, Channel[]>;
  readonly consumers: Consumer[];
  readonly functions: Function[];
  readonly apis: HttpApi[];
  readonly schedules: Schedule[];
  readonly secrets: Secret[];
  readonly bucketsByNode: Map<Bucket, BucketStore>;
}

/** What a local builder gets. */
export interface LocalBuildContext {
  readonly stateDir: string;
  /** The embedded SQLite (tables). */
  readonly sqlite: SqlJsStatic;
  readonly clock: Clock;
  readonly state: LocalState;
  /** A persisted channel for deliveries to `fn` (visibility timeout: six times its timeout). */
  channel(name: string, fn: Function | undefined, maxRetries: number): Channel;
  /** The current time as ISO 8601 UTC, on the target's clock. */
  isoNow(): string;
}

/** The local builder of one kind. */
export type LocalBuilder<K extends Kind> = (node: KindMap[K], ctx: LocalBuildContext) => void;

/** One builder per neutral kind: a new kind does not compile until the local target handles it. */
export type LocalBuilders = { readonly [K in Kind]: LocalBuilder<K> };
