import { existsSync, readFileSync } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import type { Table } from 'anycloud';
import { type Item, type TableClient } from 'anycloud/runtime';
import { sqlTableClient, type ResourceBinding } from 'anycloud/runtime/host';
import { writeFileAtomic } from './atomic-file';
import type { Clock } from './clock';
import { asSqlDatabase } from './sqlite';

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
 * (partition, sort-key conditions, order, exact cursors, TTL). The file is rewritten
 * atomically after every write, so a crash never leaves a half-written database.
 */
export class TableStore {
  private readonly file: string;
  private readonly binding: ResourceBinding;
  private readonly db: Database;
  private readonly tableClient: TableClient;

  constructor(
    table: Table,
    /** The table's SQLite file. */
    file: string,
    private readonly clock: Clock,
    sqlite: SqlJsStatic,
  ) {
    this.file = file;
    this.binding = tableBinding(table, 'readwrite');
    this.db = existsSync(this.file) ? new sqlite.Database(readFileSync(this.file)) : new sqlite.Database();
    this.tableClient = sqlTableClient(asSqlDatabase(this.db), this.binding, {
      nowSeconds: () => Math.floor(this.clock.now() / 1000),
      afterWrite: () => this.persist(),
    });
  }

  private persist(): void {
    // Expired items are removed whenever the table is written, as a cloud's TTL sweeper would.
    this.db.run('DELETE FROM items WHERE expires IS NOT NULL AND expires <= ?', [
      Math.floor(this.clock.now() / 1000),
    ]);
    writeFileAtomic(this.file, Buffer.from(this.db.export()));
  }

  /** Every live item, in key order (for tests and the dev console). */
  scan(): Item[] {
    let rows: { item: string }[];
    try {
      const statement = this.db.prepare(
        'SELECT item FROM items WHERE expires IS NULL OR expires > ? ORDER BY pk, sk',
      );
      statement.bind([Math.floor(this.clock.now() / 1000)]);
      rows = [];
      while (statement.step()) rows.push(statement.getAsObject() as { item: string });
      statement.free();
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
}
