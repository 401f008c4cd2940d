import { type TableClient } from 'anycloud/runtime';
import { sqlTableClient, type ResourceBinding } from 'anycloud/runtime/host';
import type { D1Database } from './workers-types';

/** A Table client on a D1 database (one database per table), with the SQL every SQLite target shares. */
export function d1TableClient(binding: ResourceBinding): TableClient {
  return sqlTableClient(binding.native as D1Database, binding, {
    nowSeconds: () => Math.floor(Date.now() / 1000),
  });
}
