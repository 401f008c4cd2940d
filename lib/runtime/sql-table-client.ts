import type { ResourceBinding } from './binding';
import type { Item, SortCondition, TableClient } from './clients';
import { decodeCursor, encodeCursor } from './cursor';
import { checkQuery, isExpired, queryLimit, tableKeyOf } from './table-semantics';

/** A prepared statement, in the shape D1 gives it (the local target adapts its SQLite to it). */
export interface SqlStatement {
  bind(...values: unknown[]): SqlStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
  run(): Promise<unknown>;
}

/** A SQLite database, in the shape D1 gives it. */
export interface SqlDatabase {
  prepare(sql: string): SqlStatement;
}

/**
 * The table schema, created by the client on first use in each isolate (idempotent). Keys keep
 * their type (no column affinity), so numbers sort numerically and strings by bytes;
 * `expires` mirrors the TTL attribute so queries can skip expired items in SQL.
 */
const SCHEMA =
  'CREATE TABLE IF NOT EXISTS items (pk NOT NULL, sk NOT NULL, item TEXT NOT NULL, expires INTEGER, PRIMARY KEY (pk, sk))';

/** Sort key stored for tables without one. */
const NO_SORT_KEY = '';

const schemaReady = new WeakMap<SqlDatabase, Promise<unknown>>();

function ready(db: SqlDatabase): Promise<unknown> {
  let promise = schemaReady.get(db);
  if (!promise) {
    promise = db.prepare(SCHEMA).run();
    promise.catch(() => schemaReady.delete(db)); // retry on the next call
    schemaReady.set(db, promise);
  }
  return promise;
}

function sortClause(condition: SortCondition | undefined): { sql: string; values: unknown[] } {
  if (!condition) return { sql: '', values: [] };
  if ('eq' in condition) return { sql: ' AND sk = ?', values: [condition.eq] };
  if ('lt' in condition) return { sql: ' AND sk < ?', values: [condition.lt] };
  if ('lte' in condition) return { sql: ' AND sk <= ?', values: [condition.lte] };
  if ('gt' in condition) return { sql: ' AND sk > ?', values: [condition.gt] };
  if ('gte' in condition) return { sql: ' AND sk >= ?', values: [condition.gte] };
  if ('between' in condition)
    return { sql: ' AND sk BETWEEN ? AND ?', values: [condition.between[0], condition.between[1]] };
  if ('beginsWith' in condition) {
    const prefix = condition.beginsWith;
    return { sql: " AND typeof(sk) = 'text' AND substr(sk, 1, ?) = ?", values: [prefix.length, prefix] };
  }
  throw new Error(
    `unknown sort condition ${JSON.stringify(condition)}: use eq, lt, lte, gt, gte, between or beginsWith`,
  );
}

/** Options of a {@link sqlTableClient}. */
export interface SqlTableOptions {
  /** The current time in epoch seconds, for TTL. */
  nowSeconds(): number;
  /** Called after each write (a local store persists its database file here). */
  afterWrite?(): void;
}

/**
 * A Table client on a SQLite database holding one table (D1 on Cloudflare, an embedded SQLite
 * on the local target): the same SQL, so both answer every query the same way. The schema is
 * created on first use.
 */
export function sqlTableClient(
  db: SqlDatabase,
  binding: ResourceBinding,
  options: SqlTableOptions,
): TableClient {
  const sortName = binding.sortKey?.name;
  const skOf = (key: Item) => (sortName ? key[sortName] : NO_SORT_KEY);
  const { nowSeconds } = options;

  return {
    async get(key) {
      const k = tableKeyOf(binding, key, 'get');
      await ready(db);
      const row = await db
        .prepare('SELECT item FROM items WHERE pk = ? AND sk = ?')
        .bind(k[binding.partitionKey!.name], skOf(k))
        .first<{ item: string }>();
      if (!row) return undefined;
      const item = JSON.parse(row.item) as Item;
      return isExpired(binding, item, nowSeconds()) ? undefined : item;
    },

    async put(item) {
      const k = tableKeyOf(binding, item, 'put');
      const ttl =
        typeof binding.timeToLiveAttribute === 'string' ? item[binding.timeToLiveAttribute] : undefined;
      await ready(db);
      await db
        .prepare('INSERT OR REPLACE INTO items (pk, sk, item, expires) VALUES (?, ?, ?, ?)')
        .bind(
          k[binding.partitionKey!.name],
          skOf(k),
          JSON.stringify(item),
          typeof ttl === 'number' ? ttl : null,
        )
        .run();
      options.afterWrite?.();
    },

    async delete(key) {
      const k = tableKeyOf(binding, key, 'delete');
      await ready(db);
      await db
        .prepare('DELETE FROM items WHERE pk = ? AND sk = ?')
        .bind(k[binding.partitionKey!.name], skOf(k))
        .run();
      options.afterWrite?.();
    },

    async query(query) {
      const limit = checkQuery(binding, query);
      const descending = query.order === 'desc';
      const condition = sortClause(query.sort);
      let after = '';
      const values: unknown[] = [query.partition, nowSeconds(), ...condition.values];
      if (query.cursor !== undefined) {
        const position = decodeCursor(query.cursor);
        if (!('sk' in position))
          throw new Error(`invalid cursor "${query.cursor}": pass the cursor of the previous page unchanged`);
        after = descending ? ' AND sk < ?' : ' AND sk > ?';
        values.push(position.sk);
      }
      await ready(db);
      const { results } = await db
        .prepare(
          `SELECT sk, item FROM items WHERE pk = ? AND (expires IS NULL OR expires > ?)${condition.sql}${after} ORDER BY sk ${descending ? 'DESC' : 'ASC'} LIMIT ?`,
        )
        .bind(...values, limit + 1)
        .all<{ sk: unknown; item: string }>();
      const page = results.slice(0, limit);
      return {
        items: page.map((row) => JSON.parse(row.item) as Item),
        cursor: results.length > limit ? encodeCursor({ sk: page[page.length - 1].sk }) : undefined,
      };
    },

    async scan(scan = {}) {
      const limit = queryLimit(scan.limit);
      const values: unknown[] = [nowSeconds()];
      let after = '';
      if (scan.cursor !== undefined) {
        const position = decodeCursor(scan.cursor);
        if (!('pk' in position) || !('sk' in position))
          throw new Error(`invalid cursor "${scan.cursor}": pass the cursor of the previous page unchanged`);
        after = ' AND (pk > ? OR (pk = ? AND sk > ?))';
        values.push(position.pk, position.pk, position.sk);
      }
      await ready(db);
      const { results } = await db
        .prepare(
          `SELECT pk, sk, item FROM items WHERE (expires IS NULL OR expires > ?)${after} ORDER BY pk, sk LIMIT ?`,
        )
        .bind(...values, limit + 1)
        .all<{ pk: unknown; sk: unknown; item: string }>();
      const page = results.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => JSON.parse(row.item) as Item),
        cursor: results.length > limit ? encodeCursor({ pk: last.pk, sk: last.sk }) : undefined,
      };
    },
  };
}
