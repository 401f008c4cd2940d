import {
  AccessError,
  type Item,
  type TableClient,
  type TablePage,
  type TableQuery,
  type TableScan,
} from 'anycloud/runtime';
import { sqlTableClient, type ResourceBinding } from 'anycloud/runtime/host';
import type { D1Database } from './workers-types';

/** The RPC stub of a table's reader Worker (see table-reader-worker.ts). */
interface TableReaderStub {
  get(key: Item): Promise<Item | undefined>;
  query(query: TableQuery): Promise<TablePage>;
  scan(scan?: TableScan): Promise<TablePage>;
}

/**
 * A Table client on a D1 database (one database per table), with the SQL every SQLite target
 * shares. A read-only grant has no D1 binding: its reads go to the table's reader Worker.
 */
export function d1TableClient(binding: ResourceBinding): TableClient {
  if (binding.reader) {
    const reader = binding.native as TableReaderStub;
    const readOnly = () =>
      Promise.reject(new AccessError(`table "${binding.name}" is bound read-only to this function`));
    return {
      get: (key) => reader.get(key),
      query: (query) => reader.query(query),
      scan: (scan) => reader.scan(scan),
      put: readOnly,
      delete: readOnly,
    };
  }
  return sqlTableClient(binding.native as D1Database, binding, {
    nowSeconds: () => Math.floor(Date.now() / 1000),
  });
}
