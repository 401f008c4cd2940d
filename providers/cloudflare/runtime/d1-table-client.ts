import {
  decodeCursor,
  encodeCursor,
  isExpired,
  checkQuery,
  tableKeyOf,
  type Item,
  type ResourceBinding,
  type SortCondition,
  type TableClient,
} from 'anycloud/runtime';
import type { D1Database } from './workers-types';

/**
 * The table schema, created by the client on first use in each isolate (idempotent). Keys keep
 * their type (no column affinity), so numbers sort numerically and strings by bytes;
 * `expires` mirrors the TTL attribute so queries can skip expired items in SQL.
 */
const SCHEMA =
  'CREATE TABLE IF NOT EXISTS items (pk NOT NULL, sk NOT NULL, item TEXT NOT NULL, expires INTEGER, PRIMARY KEY (pk, sk))';

/** Sort key stored for tables without one. */
const NO_SORT_KEY = '';

const schemaReady = new WeakMap<D1Database, Promise<unknown>>();

function ready(db: D1Database): Promise<unknown> {
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

/** A Table client on a D1 database (one database per table). */
export function d1TableClient(binding: ResourceBinding): TableClient {
  const db = binding.native as D1Database;
  const sortName = binding.sortKey?.name;
  const skOf = (key: Item) => (sortName ? key[sortName] : NO_SORT_KEY);
  const nowSeconds = () => Math.floor(Date.now() / 1000);

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
    },

    async delete(key) {
      const k = tableKeyOf(binding, key, 'delete');
      await ready(db);
      await db
        .prepare('DELETE FROM items WHERE pk = ? AND sk = ?')
        .bind(k[binding.partitionKey!.name], skOf(k))
        .run();
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
  };
}
