import type { ResourceBinding } from './binding';
import type { Item, SortCondition, TableQuery } from './clients';

/**
 * The table semantics every target shares, so a query answers the same everywhere:
 * key validation, TTL expiry, sort-key conditions and ordering.
 */

/** The key attributes of `item` (partition, then sort key), checked for presence and type. */
export function tableKeyOf(binding: ResourceBinding, item: Item, operation: string): Item {
  const key: Item = {};
  for (const attribute of binding.sortKey
    ? [binding.partitionKey!, binding.sortKey]
    : [binding.partitionKey!]) {
    const value = (item as Item | undefined)?.[attribute.name];
    if (typeof value !== attribute.type) {
      throw new Error(
        `${operation}: key attribute "${attribute.name}" must be a ${attribute.type} (got ${JSON.stringify(value)})`,
      );
    }
    key[attribute.name] = value;
  }
  return key;
}

/** True when `item` is past its TTL attribute (epoch seconds) at `nowSeconds`. */
export function isExpired(binding: ResourceBinding, item: Item, nowSeconds: number): boolean {
  const ttl = binding.timeToLiveAttribute;
  if (typeof ttl !== 'string') return false;
  const expiry = item[ttl];
  return typeof expiry === 'number' && expiry <= nowSeconds;
}

/** Orders two key values: numbers numerically, strings by code unit. */
export function compareKeyValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when sort-key `value` satisfies `condition`. */
export function matchesSortCondition(value: unknown, condition: SortCondition): boolean {
  if ('eq' in condition) return compareKeyValues(value, condition.eq) === 0;
  if ('lt' in condition) return compareKeyValues(value, condition.lt) < 0;
  if ('lte' in condition) return compareKeyValues(value, condition.lte) <= 0;
  if ('gt' in condition) return compareKeyValues(value, condition.gt) > 0;
  if ('gte' in condition) return compareKeyValues(value, condition.gte) >= 0;
  if ('between' in condition) {
    return (
      compareKeyValues(value, condition.between[0]) >= 0 && compareKeyValues(value, condition.between[1]) <= 0
    );
  }
  if ('beginsWith' in condition) return typeof value === 'string' && value.startsWith(condition.beginsWith);
  throw new Error(
    `unknown sort condition ${JSON.stringify(condition)}: use eq, lt, lte, gt, gte, between or beginsWith`,
  );
}

/** Checks a query's limit (1-1000, default 100) and returns it. */
export function queryLimit(limit: number | undefined): number {
  const value = limit ?? 100;
  if (!Number.isInteger(value) || value < 1 || value > 1000)
    throw new Error(`query limit must be 1-1000 (got ${value})`);
  return value;
}

/**
 * Checks a query against the table's key schema (partition type, a sort condition only on a
 * table with a sort key, limit 1-1000) and returns its page size: every target rejects the
 * same queries with the same message.
 */
export function checkQuery(binding: ResourceBinding, query: TableQuery): number {
  const limit = queryLimit(query.limit);
  const pk = binding.partitionKey!;
  if (typeof query.partition !== pk.type) {
    throw new Error(`query: partition must be a ${pk.type} (got ${JSON.stringify(query.partition)})`);
  }
  if (query.sort && !binding.sortKey)
    throw new Error('query: this table has no sort key, so a sort condition cannot apply');
  return limit;
}
