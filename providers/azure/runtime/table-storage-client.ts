import {
  AzureNamedKeyCredential,
  TableClient as AzureTableClient,
  type TableEntity,
  type TransactionAction,
} from '@azure/data-tables';
import {
  LimitError,
  type Item,
  type TableClient,
  type TablePage,
  type TableQuery,
  type TableScan,
} from 'anycloud/runtime';
import {
  checkQuery,
  decodeCursor,
  encodeCursor,
  isExpired,
  queryLimit,
  tableKeyOf,
  type ResourceBinding,
} from 'anycloud/runtime/host';
import { DEVELOPMENT_ACCOUNT, isDevelopmentStorage, managedIdentity } from './storage-credential';
import {
  ascendingKey,
  descendingKey,
  encodeNumber,
  encodeString,
  rowRange,
  type RowRange,
} from './table-keys';

/** Characters per string property (64 KiB of UTF-16). */
const CHUNK = 32_000;
/** Keys are at most 1 KiB (512 UTF-16 characters) in Table Storage. */
const KEY_CHARS = 512;
/** `x` of an item without expiry (the largest date Table Storage handles, as epoch seconds). */
const NEVER = 253402300799;

/** Epoch seconds as a 12-digit string: `x` compares as text, so every row has the same property type. */
const secondsText = (seconds: number) =>
  String(Math.max(0, Math.min(NEVER, Math.floor(seconds)))).padStart(12, '0');

type Row = TableEntity<Record<string, unknown>>;

/** The filter text of a string literal (OData: quotes doubled). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The PartitionKey of a partition value: its encoding, or a hash past the key limit (partitions are only compared for equality). */
async function partitionKeyOf(value: unknown): Promise<string> {
  const encoded = typeof value === 'number' ? `n${encodeNumber(value)}` : `s${encodeString(String(value))}`;
  if (encoded.length <= KEY_CHARS) return encoded;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(encoded)));
  return `${encoded.slice(0, 400)}~${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function checkRowKey(key: string, name: string): string {
  if (key.length > KEY_CHARS)
    throw new LimitError(
      `sort key "${name}" is ${key.length} characters once encoded for Azure Table Storage; the limit there is ${KEY_CHARS} (1 KiB)`,
    );
  return key;
}

/** The table client of a binding: the managed identity, or the emulator's development account. */
function azureTable(binding: ResourceBinding): AzureTableClient {
  const endpoint = String(binding.endpoint);
  return isDevelopmentStorage(endpoint)
    ? new AzureTableClient(
        endpoint,
        binding.name,
        new AzureNamedKeyCredential(DEVELOPMENT_ACCOUNT.name, DEVELOPMENT_ACCOUNT.key),
        {
          allowInsecureConnection: true,
        },
      )
    : new AzureTableClient(endpoint, binding.name, managedIdentity());
}

/** The item of a row, from its JSON chunks. */
function itemOf(row: Row): Item {
  let json = '';
  for (let i = 0; i < Number(row.n); i++) json += String(row[`d${i}`]);
  return JSON.parse(json) as Item;
}

/**
 * A Table client on Azure Table Storage. An item is one row (its JSON in 32,000-character
 * chunks `d0..dn`, its expiry in `x`) under PartitionKey = the encoded partition value and
 * RowKey = `a` + the order-preserving encoding of the sort key, plus a mirror row (`d` + the
 * order-reversing encoding) written in the same entity group transaction, so a descending query
 * reads a key range instead of the whole partition. Items past their TTL are hidden on every read
 * (filter `x gt now`). Paging uses the neutral cursor (the last item's key), never the service's
 * continuation token, and reads on through short or empty service pages.
 */
export function tableStorageClient(binding: ResourceBinding): TableClient {
  const table = azureTable(binding);
  const pk = binding.partitionKey!;
  const sk = binding.sortKey;
  const keyOf = (item: Item, what: string) => tableKeyOf(binding, item, what);
  const rowKeysOf = (key: Item) => {
    const value = sk ? (key[sk.name] as string | number) : undefined;
    return {
      ascending: checkRowKey(ascendingKey(value), sk?.name ?? ''),
      descending: value === undefined ? undefined : checkRowKey(descendingKey(value), sk!.name),
    };
  };
  const live = (item: Item) => !isExpired(binding, item, Date.now() / 1000);
  // Rows expiring this second stay in the server's answer; `live` decides to the fraction.
  const notExpired = () => `x ge ${literal(secondsText(Date.now() / 1000))}`;

  /** Reads rows matching `filter` until `limit + 1` live items or the end. */
  async function read(filter: string, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let token: string | undefined;
    do {
      const page = await table
        .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
        .byPage({ maxPageSize: Math.min(1000, limit + 1 - items.length), continuationToken: token })
        .next();
      if (page.done) break;
      for (const row of page.value) {
        const item = itemOf(row as Row);
        if (live(item)) items.push(item);
      }
      token = page.value.continuationToken;
    } while (token && items.length <= limit);
    return items;
  }

  const pageOf = (items: Item[], limit: number, what: string): TablePage =>
    items.length > limit
      ? { items: items.slice(0, limit), cursor: encodeCursor(keyOf(items[limit - 1], what)) }
      : { items };

  const rangeFilter = (range: RowRange) =>
    [
      `RowKey ${range.lower.op} ${literal(range.lower.key)}`,
      ...(range.upper ? [`RowKey ${range.upper.op} ${literal(range.upper.key)}`] : []),
    ].join(' and ');

  return {
    async get(key) {
      const { ascending } = rowKeysOf(keyOf(key, 'get'));
      try {
        const row = await table.getEntity<Record<string, unknown>>(
          await partitionKeyOf(key[pk.name]),
          ascending,
        );
        const item = itemOf(row as Row);
        return live(item) ? item : undefined;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
    },

    async put(item) {
      const key = keyOf(item, 'put');
      const partitionKey = await partitionKeyOf(key[pk.name]);
      const { ascending, descending } = rowKeysOf(key);
      const json = JSON.stringify(item);
      const data: Record<string, unknown> = { n: Math.max(1, Math.ceil(json.length / CHUNK)) };
      for (let i = 0; i * CHUNK < json.length || i === 0; i++)
        data[`d${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
      const ttl =
        typeof binding.timeToLiveAttribute === 'string' ? item[binding.timeToLiveAttribute] : undefined;
      data.x = secondsText(typeof ttl === 'number' ? ttl : NEVER);
      const actions: TransactionAction[] = [
        ['upsert', { partitionKey, rowKey: ascending, ...data }, 'Replace'],
      ];
      if (descending) actions.push(['upsert', { partitionKey, rowKey: descending, ...data }, 'Replace']);
      if (actions.length === 1) await table.upsertEntity(actions[0][1] as Row, 'Replace');
      else await table.submitTransaction(actions);
    },

    async delete(key) {
      const k = keyOf(key, 'delete');
      const partitionKey = await partitionKeyOf(k[pk.name]);
      const { ascending, descending } = rowKeysOf(k);
      const rows = [ascending, ...(descending ? [descending] : [])];
      const deleteOne = (rowKey: string) =>
        table.deleteEntity(partitionKey, rowKey).catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error;
        });
      if (rows.length === 1) return void (await deleteOne(ascending));
      try {
        await table.submitTransaction(rows.map((rowKey) => ['delete', { partitionKey, rowKey }]));
      } catch (error) {
        // A transaction fails whole when a row is missing (nothing to delete): delete what is there.
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        for (const rowKey of rows) await deleteOne(rowKey);
      }
    },

    async query(query: TableQuery): Promise<TablePage> {
      const limit = checkQuery(binding, query);
      const order = query.order === 'desc' && sk ? 'desc' : 'asc';
      const parts = [
        `PartitionKey eq ${literal(await partitionKeyOf(query.partition))}`,
        rangeFilter(rowRange(query.sort, order)),
      ];
      if (query.cursor && sk) {
        const after = decodeCursor(query.cursor)[sk.name] as string | number;
        parts.push(`RowKey gt ${literal(order === 'asc' ? ascendingKey(after) : descendingKey(after))}`);
      } else if (query.cursor) {
        return { items: [] }; // no sort key: one item per partition, on the first page
      }
      parts.push(notExpired());
      return pageOf(await read(parts.join(' and '), limit), limit, 'query');
    },

    async scan(scan: TableScan = {}): Promise<TablePage> {
      const limit = queryLimit(scan.limit);
      const parts = [`RowKey ge 'a' and RowKey lt 'b'`, notExpired()];
      if (scan.cursor) {
        const after = decodeCursor(scan.cursor);
        const p = literal(await partitionKeyOf(after[pk.name]));
        const r = literal(ascendingKey(sk ? (after[sk.name] as string | number) : undefined));
        parts.push(`(PartitionKey gt ${p} or (PartitionKey eq ${p} and RowKey gt ${r}))`);
      }
      return pageOf(await read(parts.join(' and '), limit), limit, 'scan');
    },
  };
}
