import { existsSync, readFileSync } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import type { Table } from 'anycloud';
import type { TableClient } from 'anycloud/runtime';
import { sqlTableClient } from 'anycloud/runtime/host';
import { writeFileAtomic } from '../../providers/local/atomic-file';
import { tableBinding } from '../../providers/local/table-store';
import { asSqlJsDatabase } from './sqljs-adapter';

/**
 * The local target's table store before node-sqlite3-wasm, kept as this bench's baseline:
 * sql.js holds the database in memory and every write exports the whole image and rewrites
 * the file atomically.
 */
export class SqlJsTableStore {
  readonly db: Database;
  private readonly tableClient: TableClient;

  constructor(
    table: Table,
    private readonly file: string,
    sqlite: SqlJsStatic,
  ) {
    this.db = existsSync(file) ? new sqlite.Database(readFileSync(file)) : new sqlite.Database();
    this.tableClient = sqlTableClient(asSqlJsDatabase(this.db), tableBinding(table, 'readwrite'), {
      nowSeconds: () => Math.floor(Date.now() / 1000),
      afterWrite: () => this.persist(),
    });
  }

  persist(): void {
    this.db.run('DELETE FROM items WHERE expires IS NOT NULL AND expires <= ?', [
      Math.floor(Date.now() / 1000),
    ]);
    writeFileAtomic(this.file, Buffer.from(this.db.export()));
  }

  client(): TableClient {
    return this.tableClient;
  }
}
