import { WorkerEntrypoint } from 'cloudflare:workers';
import type { Item, TablePage, TableQuery, TableScan } from 'anycloud/runtime';
import { parseJsonSetting, sqlTableClient, type ResourceBinding } from 'anycloud/runtime/host';
import { READER_ENV } from './worker-env';
import type { D1Database } from './workers-types';

type ReaderEnv = Record<string, unknown>;

function clientOf(env: ReaderEnv) {
  const binding = parseJsonSetting<ResourceBinding>(
    READER_ENV.table,
    env[READER_ENV.table],
    undefined!,
    'table',
  );
  return sqlTableClient(env[READER_ENV.database] as D1Database, binding, {
    nowSeconds: () => Math.floor(Date.now() / 1000),
  });
}

/**
 * The read side of one table, the only way a read-only function reaches it: this Worker holds
 * the D1 binding, and its RPC entrypoint has reads only, so a function granted `grantRead` has
 * no binding it could write through (D1 bindings cannot be read-only).
 */
export class TableReader extends WorkerEntrypoint<ReaderEnv> {
  get(key: Item): Promise<Item | undefined> {
    return clientOf(this.env).get(key);
  }

  query(query: TableQuery): Promise<TablePage> {
    return clientOf(this.env).query(query);
  }

  scan(scan?: TableScan): Promise<TablePage> {
    return clientOf(this.env).scan(scan);
  }
}

/** Not reachable over HTTP (workers.dev is off); answers 404 to anything that gets there. */
export default {
  async fetch(): Promise<Response> {
    return new Response('Not Found', { status: 404 });
  },
};
