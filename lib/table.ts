import { textOf } from './validation-error';
import type { Construct } from 'constructs';
import { grantAccess, Resource } from './resource';
import type { Function } from './function';

/** Type of a key attribute. */
export type KeyType = 'string' | 'number';

/** A key attribute: a name, or a name and a type. */
export type KeyAttribute = string | { readonly name: string; readonly type?: KeyType };

/** Properties of a {@link Table}. */
export interface TableProps {
  /** The partition key attribute. Items with the same partition key are queried together. */
  readonly partitionKey: KeyAttribute;
  /** Optional sort key: orders the items of one partition and supports range conditions. */
  readonly sortKey?: KeyAttribute;
  /** Optional attribute holding an expiry time in epoch seconds; expired items are deleted. */
  readonly timeToLiveAttribute?: string;
}

/** A resolved key attribute. */
export interface KeySchema {
  readonly name: string;
  readonly type: KeyType;
}

const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * A key-value table of items: a partition key, an optional sort key, optional TTL.
 * Serverless on every target (DynamoDB on demand, Table Storage, Firestore, D1).
 */
export class Table extends Resource {
  readonly kind = 'table' as const;
  /** The partition key. */
  readonly partitionKey: KeySchema;
  /** The sort key, when the table has one. */
  readonly sortKey?: KeySchema;
  /** The TTL attribute, when the table has one. */
  readonly timeToLiveAttribute?: string;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    const p = this.propsObject<TableProps>(props, 'an object with a partitionKey');
    this.partitionKey = this.key('partitionKey', p.partitionKey, true) as KeySchema;
    this.sortKey = p.sortKey === undefined ? undefined : this.key('sortKey', p.sortKey, false);
    if (this.sortKey && this.sortKey.name === this.partitionKey.name) {
      this.addIssue('table.sortKey.distinct', this.sortKey.name, 'sortKey must differ from partitionKey');
    }
    if (p.timeToLiveAttribute !== undefined) {
      this.timeToLiveAttribute = textOf(p.timeToLiveAttribute);
      if (!this.validName(p.timeToLiveAttribute)) {
        this.addIssue(
          'table.timeToLiveAttribute',
          p.timeToLiveAttribute,
          'timeToLiveAttribute must be 1-255 characters of letters, digits, "_", "-" or "."',
        );
      } else if ([this.partitionKey.name, this.sortKey?.name].includes(p.timeToLiveAttribute)) {
        this.addIssue(
          'table.timeToLiveAttribute.key',
          p.timeToLiveAttribute,
          'timeToLiveAttribute cannot be a key attribute',
        );
      }
    }
  }

  /** Lets `fn` get and query items. */
  grantRead(fn: Function): void {
    grantAccess(this, fn, 'read', 'grantRead');
  }

  /** Lets `fn` get, query, put and delete items. */
  grantReadWrite(fn: Function): void {
    grantAccess(this, fn, 'readwrite', 'grantReadWrite');
  }

  private validName(name: unknown): name is string {
    return typeof name === 'string' && name.length >= 1 && name.length <= 255 && ATTRIBUTE_NAME.test(name);
  }

  private key(prop: string, value: unknown, required: boolean): KeySchema {
    const raw = typeof value === 'object' && value !== null ? value : { name: value };
    const { name, type = 'string' } = raw as { name?: unknown; type?: unknown };
    if (!this.validName(name)) {
      this.addIssue(
        `table.${prop}`,
        value,
        `${prop} ${required ? 'is required and ' : ''}must be 1-255 characters of letters, digits, "_", "-" or ".", starting with a letter or "_"`,
      );
    }
    if (type !== 'string' && type !== 'number') {
      this.addIssue(`table.${prop}.type`, type, `${prop} type must be "string" or "number"`);
    }
    return { name: typeof name === 'string' ? name : '', type: type === 'number' ? 'number' : 'string' };
  }
}
