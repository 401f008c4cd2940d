/**
 * anycloud/runtime: the only module handler code imports. Helpers declare what a handler
 * answers; clients reach the resources the function was granted, on whichever target runs it.
 * @packageDocumentation
 */
import { lookupClient } from './client-lookup';
import type { BucketClient, Item, QueueClient, SecretClient, TableClient, TopicClient } from './clients';

export { accessIncludes } from './access';
export { AccessError } from './access-error';
export type { Bindings, ResourceBinding } from './binding';
export type {
  BucketClient,
  ClientByKind,
  Item,
  ObjectPage,
  QueueClient,
  SecretClient,
  SortCondition,
  StoredObject,
  TableClient,
  TablePage,
  TableQuery,
  TopicClient,
} from './clients';
export {
  http,
  isNeutralHandler,
  messages,
  objectEvent,
  schedule,
  type HttpHandler,
  type HttpRequest,
  type HttpResponse,
  type InvocationContext,
  type Message,
  type MessagesHandler,
  type NeutralHandler,
  type ObjectEvent,
  type ObjectEventHandler,
  type ScheduleEvent,
  type ScheduleHandler,
} from './handlers';
export { getRuntimeHost, setRuntimeHost, type ClientFactory, type RuntimeHost } from './host';

/** The client of Table `id` (needs `grantRead` or `grantReadWrite`). */
export function table<T extends object = Item>(id: string): TableClient<T> {
  return lookupClient('table', id) as unknown as TableClient<T>;
}
/** The client of Bucket `id` (needs `grantRead`, `grantWrite` or `grantReadWrite`). */
export function bucket(id: string): BucketClient {
  return lookupClient('bucket', id);
}
/** The client of Queue `id` (needs `grantSend`). */
export function queue(id: string): QueueClient {
  return lookupClient('queue', id);
}
/** The client of Topic `id` (needs `grantPublish`). */
export function topic(id: string): TopicClient {
  return lookupClient('topic', id);
}
/** The client of Secret `id` (needs `grantRead`). */
export function secret(id: string): SecretClient {
  return lookupClient('secret', id);
}
export { HttpError } from './http-error';
export {
  dispatchHttp,
  encodeResponse,
  neutralRequest,
  type EncodedHttpResponse,
  type RawHttpRequest,
} from './http-dispatch';
export { decodeBody, dispatchMessages } from './message-dispatch';
export { decodeCursor, encodeCursor } from './cursor';
export {
  checkQuery,
  compareKeyValues,
  isExpired,
  matchesSortCondition,
  queryLimit,
  tableKeyOf,
} from './table-semantics';
export { RouteTable, type RouteEntry, type RouteTableMatch } from './route-table';
export { corsHeaders, preflightHeaders, type CorsPolicy } from './cors';
export {
  sqlTableClient,
  type SqlDatabase,
  type SqlStatement,
  type SqlTableOptions,
} from './sql-table-client';
