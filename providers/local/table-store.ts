import type { Database } from 'node-sqlite3-wasm';
import type { Table } from 'anycloud';
import { type Item, type TableClient } from 'anycloud/runtime';
import { sqlTableClient, type ResourceBinding } from 'anycloud/runtime/host';
import type { Clock } from './clock';
import { asSqlDatabase, openSqlite } from './sqlite';

/** The binding facts of a table, as every target's client sees them. */
export function tableBinding(table: Table, access: string): ResourceBinding {
  return {
    kind: 'table',
    access,
    name: table.node.path,
    partitionKey: table.partitionKey,
    ...(table.sortKey ? { sortKey: table.sortKey } : {}),
    ...(table.timeToLiveAttribute ? { timeToLiveAttribute: table.timeToLiveAttribute } : {}),
  };
}

/**
 * A table in an embedded SQLite database (one file per table under the state folder), queried
 * with the same SQL as D1 on Cloudflare, so both targets answer every query the same way
 * (partition, sort-key conditions, order, exact cursors, TTL). Each write is one SQLite
 * transaction, logged and synced: a crash keeps every acknowledged write.
 */
export class TableStore {
  private readonly binding: ResourceBinding;
  private readonly db: Database;
  private readonly tableClient: TableClient;

  constructor(
    table: Table,
    /** The table's SQLite file. */
    file: string,
    private readonly clock: Clock,
  ) {
    this.binding = tableBinding(table, 'readwrite');
    this.db = openSqlite(file);
    this.tableClient = sqlTableClient(asSqlDatabase(this.db), this.binding, {
      nowSeconds: () => Math.floor(this.clock.now() / 1000),
      // Only a table with a TTL attribute can hold expiring items.
      ...(table.timeToLiveAttribute ? { afterWrite: () => this.sweepExpired() } : {}),
    });
  }

  /** Expired items are removed whenever the table is written, as a cloud's TTL sweeper would. */
  private sweepExpired(): void {
    this.db.run('DELETE FROM items WHERE expires IS NOT NULL AND expires <= ?', [
      Math.floor(this.clock.now() / 1000),
    ]);
  }

  /** Every live item, in key order (for tests and the dev console). */
  items(): Item[] {
    let rows: { item: string }[];
    try {
      rows = this.db.all('SELECT item FROM items WHERE expires IS NULL OR expires > ? ORDER BY pk, sk', [
        Math.floor(this.clock.now() / 1000),
      ]) as { item: string }[];
    } catch (error) {
      if (String(error).includes('no such table')) return []; // created on the first client call
      throw error;
    }
    return rows.map((r) => JSON.parse(r.item) as Item);
  }

  /** A client of this table with the table's semantics (grants are checked by the neutral runtime). */
  client(): TableClient {
    return this.tableClient;
  }

  /** Closes the database file. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
