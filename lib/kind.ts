import type { Bucket } from './bucket';
import type { Function } from './function';
import type { HttpApi } from './http-api';
import type { Queue } from './queue';
import type { Schedule } from './schedule';
import type { Secret } from './secret';
import type { Table } from './table';
import type { Topic } from './topic';

/** Every neutral construct kind, mapped to its class. Adapters key their builder tables on this. */
export interface KindMap {
  table: Table;
  bucket: Bucket;
  queue: Queue;
  topic: Topic;
  secret: Secret;
  function: Function;
  'http-api': HttpApi;
  schedule: Schedule;
}

/** The kind of a neutral construct. */
export type Kind = keyof KindMap;

/** Kinds in the shared build order: data first, then functions, then what connects them. */
export const BUILD_ORDER: readonly Kind[] = [
  'table',
  'bucket',
  'queue',
  'topic',
  'secret',
  'function',
  'http-api',
  'schedule',
];

/** Kinds a function can be granted access to, and the access levels each supports. */
export interface AccessByKind {
  table: 'read' | 'readwrite';
  bucket: 'read' | 'write' | 'readwrite';
  queue: 'send';
  topic: 'publish';
  secret: 'read';
}

/** A kind a function can be granted access to. */
export type GrantableKind = keyof AccessByKind;
