/** An item of a table: attribute names to JSON values. */
export type Item = Record<string, unknown>;

/** A sort-key condition of a query. */
export type SortCondition =
  | { readonly eq: string | number }
  | { readonly lt: string | number }
  | { readonly lte: string | number }
  | { readonly gt: string | number }
  | { readonly gte: string | number }
  | { readonly between: readonly [string | number, string | number] }
  | { readonly beginsWith: string };

/** A query of one partition. */
export interface TableQuery {
  /** Value of the partition key. */
  readonly partition: string | number;
  /** Optional condition on the sort key. */
  readonly sort?: SortCondition;
  /** Most items per page. @default 100 */
  readonly limit?: number;
  /** `cursor` of the previous page. */
  readonly cursor?: string;
  /** Sort-key order. @default 'asc' */
  readonly order?: 'asc' | 'desc';
}

/** A scan: every item of the table, a page at a time. */
export interface TableScan {
  /** Most items per page (1-1000). @default 100 */
  readonly limit?: number;
  /** `cursor` of the previous page. */
  readonly cursor?: string;
}

/** One page of query results; `cursor` is set when there are more. */
export interface TablePage<T extends object = Item> {
  readonly items: T[];
  readonly cursor?: string;
}

/** Client of a Table. Keys are given as objects holding the key attributes. */
export interface TableClient<T extends object = Item> {
  get(key: Item): Promise<T | undefined>;
  put(item: T): Promise<void>;
  delete(key: Item): Promise<void>;
  query(query: TableQuery): Promise<TablePage<T>>;
  /**
   * Every live item of the table, a page at a time: pass each page's `cursor` to get the next;
   * the last page has none. Paging is exact (every item once, items past their TTL skipped);
   * the order is not the same on every target (DynamoDB scans in hash order), so do not rely on it.
   */
  scan(options?: TableScan): Promise<TablePage<T>>;
}

/** An object read from a bucket. */
export interface StoredObject {
  readonly key: string;
  readonly body: Uint8Array;
  readonly contentType?: string;
  /** The body decoded as UTF-8. */
  text(): string;
}

/** One page of a bucket listing; `cursor` is set when there are more. */
export interface ObjectPage {
  readonly objects: { readonly key: string; readonly size: number }[];
  readonly cursor?: string;
}

/** Client of a Bucket. */
export interface BucketClient {
  get(key: string): Promise<StoredObject | undefined>;
  put(key: string, body: string | Uint8Array, options?: { readonly contentType?: string }): Promise<void>;
  delete(key: string): Promise<void>;
  list(options?: {
    readonly prefix?: string;
    readonly cursor?: string;
    readonly limit?: number;
  }): Promise<ObjectPage>;
}

/** Client of a Queue. Bodies are sent as JSON. */
export interface QueueClient {
  send(body: unknown, options?: { readonly delaySeconds?: number }): Promise<void>;
}

/** Client of a Topic. Bodies are published as JSON. */
export interface TopicClient {
  publish(body: unknown): Promise<void>;
}

/** Client of a Secret. */
export interface SecretClient {
  value(): Promise<string>;
}

/** Client interface per grantable kind. */
export interface ClientByKind {
  table: TableClient;
  bucket: BucketClient;
  queue: QueueClient;
  topic: TopicClient;
  secret: SecretClient;
}

/** Which access each client operation needs. */
export const REQUIRED_ACCESS: {
  readonly [K in keyof ClientByKind]: Readonly<Record<keyof ClientByKind[K], string>>;
} = {
  table: { get: 'read', query: 'read', scan: 'read', put: 'readwrite', delete: 'readwrite' },
  bucket: { get: 'read', list: 'read', put: 'write', delete: 'write' },
  queue: { send: 'send' },
  topic: { publish: 'publish' },
  secret: { value: 'read' },
};

/** The grant method that gives each access, per kind, for error messages. */
export const GRANT_METHOD: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  table: { read: 'grantRead', readwrite: 'grantReadWrite' },
  bucket: { read: 'grantRead', write: 'grantWrite', readwrite: 'grantReadWrite' },
  queue: { send: 'grantSend' },
  topic: { publish: 'grantPublish' },
  secret: { read: 'grantRead' },
};
