// bench/local-table-write: put latency of the local target's tables, the engine it ships
// (node-sqlite3-wasm, written in place through SQLite's journal) against the engine it had
// (sql.js in memory, the whole image exported and rewritten on every write), in the same run.
// Tables prefilled with N items; then sequential puts of a small item, and of one 400 KB item.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Table } from 'anycloud';
import type { Item, TableClient } from 'anycloud/runtime';
import { systemClock } from '../../providers/local/clock';
import { TableStore } from '../../providers/local/table-store';
import { median } from '../median';
import { loadSqlite } from './sqljs-adapter';
import { SqlJsTableStore } from './sqljs-table-store';

const SIZES = (process.env.SIZES ?? '1000,100000').split(',').map(Number);
const PUTS = Number(process.env.PUTS ?? 30);
const BIG_PUTS = Number(process.env.BIG_PUTS ?? 10);

const table = new Table(new App({ name: 'bench' }), 'Items', { partitionKey: 'pk' });
const item = (i: number) => ({ pk: `item-${i}`, name: `name ${i}`, tags: ['a', 'b'], n: i });
const row = (i: number): [string, string, string] => [`item-${i}`, '', JSON.stringify(item(i))];
const SCHEMA =
  'CREATE TABLE IF NOT EXISTS items (pk NOT NULL, sk NOT NULL, item TEXT NOT NULL, expires INTEGER, PRIMARY KEY (pk, sk))';

interface Engine {
  readonly name: string;
  open(file: string, n: number): Promise<{ client: TableClient; close(): void }>;
}

const engines: Engine[] = [
  {
    name: 'node-sqlite3-wasm (now)',
    async open(file, n) {
      const store = new TableStore(table, file, systemClock);
      const db = (store as unknown as { db: import('node-sqlite3-wasm').Database }).db;
      db.exec(SCHEMA);
      db.exec('BEGIN');
      for (let i = 0; i < n; i++) db.run('INSERT INTO items (pk, sk, item) VALUES (?, ?, ?)', row(i));
      db.exec('COMMIT');
      return { client: store.client(), close: () => store.close() };
    },
  },
  {
    name: 'sql.js whole file (before)',
    async open(file, n) {
      const store = new SqlJsTableStore(table, file, await loadSqlite());
      store.db.run(SCHEMA);
      store.db.run('BEGIN');
      for (let i = 0; i < n; i++) store.db.run('INSERT INTO items (pk, sk, item) VALUES (?, ?, ?)', row(i));
      store.db.run('COMMIT');
      store.persist();
      return { client: store.client(), close: () => store.db.close() };
    },
  },
];

const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.ceil(v.length * 0.95) - 1];

async function timePuts(client: TableClient, count: number, make: (i: number) => Item): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await client.put(make(i));
    ms.push(performance.now() - started);
  }
  return ms;
}

async function main(): Promise<void> {
  console.log(
    `local-table-write: sequential puts, median (p95) ms, ${PUTS} small puts, ${BIG_PUTS} puts of 400 KB`,
  );
  console.log('engine                     |   items | db MB | small put ms     | 400 KB put ms');
  const big = (i: number) => ({ pk: `big-${i}`, blob: 'x'.repeat(400 * 1024 - 200) });
  // Warm-up: load each engine and let the JIT see the write path before anything is timed.
  for (const engine of engines) {
    const warm = await engine.open(join(mkdtempSync(join(tmpdir(), 'bench-table-')), 'Items.sqlite'), 10);
    await timePuts(warm.client, 10, (i) => item(i));
    warm.close();
  }
  for (const n of SIZES) {
    for (const engine of engines) {
      const file = join(mkdtempSync(join(tmpdir(), 'bench-table-')), 'Items.sqlite');
      const { client, close } = await engine.open(file, n);
      const small = await timePuts(client, PUTS, (i) => item(n + i));
      const large = await timePuts(client, BIG_PUTS, big);
      const mb = statSync(file).size / 1024 / 1024;
      close();
      console.log(
        `${engine.name.padEnd(26)} | ${String(n).padStart(7)} | ${mb.toFixed(1).padStart(5)} | ${median(small).toFixed(2).padStart(7)} (${p95(small).toFixed(2)}) | ${large.length ? `${median(large).toFixed(2)} (${p95(large).toFixed(2)})` : '-'}`,
      );
    }
  }
}

void main();
