/**
 * anycloud/runtime: the only module handler code imports. Helpers declare what a handler
 * answers; clients reach the resources the function was granted, on whichever target runs it.
 * What target shims need (hosts, dispatch, shared semantics) is in `anycloud/runtime/host`.
 * @packageDocumentation
 */
import { lookupClient } from './client-lookup';
import type { BucketClient, Item, QueueClient, SecretClient, TableClient, TopicClient } from './clients';

export { AccessError } from './access-error';
export type {
  BucketClient,
  Item,
  ObjectPage,
  QueueClient,
  SecretClient,
  SortCondition,
  StoredObject,
  TableClient,
  TablePage,
  TableQuery,
  TableScan,
  TopicClient,
} from './clients';
export {
  http,
  messages,
  objectEvent,
  schedule,
  type HttpHandler,
  type HttpRequest,
  type RequestAuth,
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
export { HttpError } from './http-error';
export { LimitError } from './item-limits';

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
