/**
 * What a target tells a function about one resource it was granted: the kind, the access,
 * and the native facts its client needs (a table name, a queue URL...).
 */
export interface ResourceBinding {
  readonly kind: 'table' | 'bucket' | 'queue' | 'topic' | 'secret';
  readonly access: string;
  /** Native name or address of the resource on the target. */
  readonly name: string;
  /** Table key schema. */
  readonly partitionKey?: { readonly name: string; readonly type: 'string' | 'number' };
  readonly sortKey?: { readonly name: string; readonly type: 'string' | 'number' };
  /** Any other target-specific facts. */
  readonly [extra: string]: unknown;
}

/** Bindings of one function, keyed by construct id. */
export type Bindings = Readonly<Record<string, ResourceBinding>>;
