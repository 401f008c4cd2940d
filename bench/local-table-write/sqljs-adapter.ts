import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import type { SqlDatabase, SqlStatement } from 'anycloud/runtime/host';

let loading: Promise<SqlJsStatic> | undefined;

/** sql.js (SQLite in WebAssembly, in memory), loaded once per process: the baseline engine of this bench. */
export function loadSqlite(): Promise<SqlJsStatic> {
  loading ??= initSqlJs();
  return loading;
}

/** A sql.js statement in the shape D1 gives one, so the shared SQL table client runs on it. */
class SqlJsStatement implements SqlStatement {
  private values: unknown[] = [];

  constructor(
    private readonly db: Database,
    private readonly sql: string,
  ) {}

  bind(...values: unknown[]): SqlStatement {
    this.values = values;
    return this;
  }

  private rows<T>(limit = Infinity): T[] {
    const statement = this.db.prepare(this.sql);
    try {
      statement.bind(this.values as never);
      const rows: T[] = [];
      while (rows.length < limit && statement.step()) rows.push(statement.getAsObject() as T);
      return rows;
    } finally {
      statement.free();
    }
  }

  async first<T>(): Promise<T | null> {
    return this.rows<T>(1)[0] ?? null;
  }

  async all<T>(): Promise<{ results: T[] }> {
    return { results: this.rows<T>() };
  }

  async run(): Promise<unknown> {
    this.db.run(this.sql, this.values as never);
    return undefined;
  }
}

/** A sql.js database in the shape of a D1 binding. */
export function asSqlJsDatabase(db: Database): SqlDatabase {
  return { prepare: (sql) => new SqlJsStatement(db, sql) };
}
