import { join } from 'node:path';
import type { Table } from 'anycloud';
import {
  compareKeyValues,
  decodeCursor,
  encodeCursor,
  isExpired,
  matchesSortCondition,
  checkQuery,
  tableKeyOf,
  type Item,
  type ResourceBinding,
  type TableClient,
  type TablePage,
  type TableQuery,
} from 'anycloud/runtime';
import { readJsonFile, writeFileAtomic } from './atomic-file';
import type { Clock } from './clock';

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
 * A table on disk: one JSON file per table, rewritten atomically on every write, with the
 * same query semantics as the cloud targets (partition, sort-key conditions, order, exact
 * cursors, TTL expiry).
 */
export class TableStore {
  private readonly file: string;
  private readonly binding: ResourceBinding;
  private items: Map<string, Item>;

  constructor(
    table: Table,
    dir: string,
    private readonly clock: Clock,
  ) {
    this.file = join(dir, 'tables', `${table.node.id}.json`);
    this.binding = tableBinding(table, 'readwrite');
    const saved = readJsonFile<{ items: Item[] }>(this.file, { items: [] });
    this.items = new Map(saved.items.map((item) => [this.keyString(item), item]));
  }

  private keyString(item: Item): string {
    return JSON.stringify(tableKeyOf(this.binding, item, 'key'));
  }

  private live(item: Item | undefined): item is Item {
    return !!item && !isExpired(this.binding, item, this.clock.now() / 1000);
  }

  private persist(): void {
    // Expired items are removed whenever the table is written, as a cloud's TTL sweeper would.
    for (const [key, item] of this.items) if (!this.live(item)) this.items.delete(key);
    const items = [...this.items.values()].sort((a, b) => {
      const ka = this.keyString(a);
      const kb = this.keyString(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    writeFileAtomic(this.file, JSON.stringify({ items }, null, 1));
  }

  /** Every live item, in key order (for tests and the dev console). */
  scan(): Item[] {
    return [...this.items.values()]
      .filter((i) => this.live(i))
      .sort((a, b) => (this.keyString(a) < this.keyString(b) ? -1 : 1));
  }

  /** A client of this table with the table's semantics (grants are checked by the neutral runtime). */
  client(): TableClient {
    const binding = this.binding;
    const pk = binding.partitionKey!;
    const sk = binding.sortKey;
    return {
      get: async (key) => {
        const item = this.items.get(JSON.stringify(tableKeyOf(binding, key, 'get')));
        return this.live(item) ? structuredClone(item) : undefined;
      },
      put: async (item) => {
        const key = JSON.stringify(tableKeyOf(binding, item, 'put'));
        this.items.set(key, structuredClone(item));
        this.persist();
      },
      delete: async (key) => {
        this.items.delete(JSON.stringify(tableKeyOf(binding, key, 'delete')));
        this.persist();
      },
      query: async (query: TableQuery): Promise<TablePage> => {
        const limit = checkQuery(binding, query);
        const direction = query.order === 'desc' ? -1 : 1;
        let matches = [...this.items.values()].filter(
          (i) =>
            i[pk.name] === query.partition &&
            this.live(i) &&
            (!query.sort || matchesSortCondition(i[sk!.name], query.sort)),
        );
        if (sk) matches.sort((a, b) => direction * compareKeyValues(a[sk.name], b[sk.name]));
        if (query.cursor) {
          const after = decodeCursor(query.cursor);
          matches = sk
            ? matches.filter((i) => direction * compareKeyValues(i[sk.name], after[sk.name]) > 0)
            : [];
        }
        const page = matches.slice(0, limit).map((i) => structuredClone(i));
        const last = page[page.length - 1];
        return matches.length > limit
          ? { items: page, cursor: encodeCursor(tableKeyOf(binding, last, 'query')) }
          : { items: page };
      },
    };
  }
}
