import { createHash } from 'node:crypto';
import {
  FieldPath,
  Firestore,
  Timestamp,
  type CollectionReference,
  type DocumentData,
  type DocumentReference,
  type DocumentSnapshot,
  type Query,
  type QueryDocumentSnapshot,
} from '@google-cloud/firestore';
import {
  LimitError,
  type Item,
  type SortCondition,
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

/** Field of an item document holding the sort-key value in its ordered form (see {@link orderedSortValue}). */
export const SORT_FIELD = 'k';
/** Field of an item document holding the item as JSON text (a candidate for a single-field index exemption). */
export const DATA_FIELD = 'd';
/**
 * Field of an item document holding its expiry as a Timestamp, written only when the table's TTL
 * attribute is a number: the infrastructure declares the Firestore TTL policy on this field for
 * the collection group {@link itemsCollectionGroup}.
 */
export const TTL_FIELD = 'x';

/** The collection group holding every item document of table `table`. */
export const itemsCollectionGroup = (table: string): string => `${table}_items`;

/** Document ids are at most 1500 bytes. */
const MAX_ID_BYTES = 1500;
/**
 * Indexed values are at most 1500 bytes (a string counts its UTF-8 bytes + 1); past that Firestore
 * indexes a truncated value and range queries go wrong, so a longer sort key is refused.
 */
const MAX_SORT_BYTES = 1499;
/** A document is at most 1 MiB (names and key fields included): the item's JSON gets 1,000,000 bytes. */
const MAX_ITEM_JSON_BYTES = 1_000_000;
/** The Timestamp range Firestore stores (years 1 to 9999), in milliseconds. */
const MIN_MILLIS = -62_135_596_800_000;
const MAX_MILLIS = 253_402_300_799_999;

/**
 * The ordered form of a string sort key. Firestore orders strings by UTF-8 bytes (code points),
 * the neutral contract by UTF-16 code unit: they disagree once a surrogate pair (U+10000 and up)
 * meets U+E000-U+FFFF, and lone surrogates have no UTF-8 form at all. Each code unit `u` maps to
 * one code point: itself below U+D800, `u + 0x800` from U+D800 (so U+D800-U+FFFF land on
 * U+E000-U+107FF, past every code point of the lower range). The map is increasing and one code
 * point per unit, so code-point order of the results is code-unit order of the inputs, and a
 * prefix maps to a prefix. Below U+D800 (all of ASCII, Latin, CJK) the text is unchanged.
 */
export function orderedString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    out += unit < 0xd800 ? String.fromCharCode(unit) : String.fromCodePoint(unit + 0x800);
  }
  return out;
}

/** The smallest ordered string above every ordered string that starts with `orderedString(prefix)`; `prefix` is not empty. */
function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  const point = last < 0xd800 ? last : last + 0x800;
  // U+D800-U+DFFF are no code points of a string: the one after U+D7FF is U+E000.
  return orderedString(prefix.slice(0, -1)) + String.fromCodePoint(point === 0xd7ff ? 0xe000 : point + 1);
}

/** The value stored in {@link SORT_FIELD}: a number as is (-0 as 0), a string in its ordered form. */
export function orderedSortValue(value: string | number): string | number {
  return typeof value === 'number' ? (value === 0 ? 0 : value) : orderedString(value);
}

const hex4 = (unit: number) => `%${unit.toString(16).padStart(4, '0')}`;

/**
 * The document id of a key value. `n` + the number's shortest decimal form, or `s` + the string
 * with `%`, `/`, control characters and lone surrogates written `%xxxx` (ids hold no `/` and
 * must be UTF-8): the letter keeps numbers and strings apart and rules out the forbidden ids `.`,
 * `..` and `__x__`. Past 1500 bytes the id is `h` + the SHA-256 of that form (keys are only
 * compared for equality through ids; order lives in {@link SORT_FIELD}).
 */
export function documentIdOf(value: string | number): string {
  let id: string;
  if (typeof value === 'number') id = `n${value === 0 ? 0 : value}`;
  else {
    id = 's';
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const next = value.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) id += value[i] + value[++i];
        else id += hex4(unit);
      } else if (
        (unit >= 0xdc00 && unit <= 0xdfff) ||
        unit < 0x20 ||
        unit === 0x7f ||
        unit === 0x25 ||
        unit === 0x2f
      )
        id += hex4(unit);
      else id += value[i];
    }
  }
  return Buffer.byteLength(id) <= MAX_ID_BYTES ? id : `h${createHash('sha256').update(id).digest('hex')}`;
}

/** Sort-key id of a table without a sort key (every partition holds one item). */
const ONLY = '_';

/** One client per project and database, shared by every binding on them. */
const clients = new Map<string, Firestore>();

/**
 * The Firestore client of a binding. On GCP it uses application default credentials (the metadata
 * server) over REST (`preferRest`: HTTP/1.1, no gRPC channel to open, a faster cold start). With
 * FIRESTORE_EMULATOR_HOST set the SDK talks to the emulator; the REST transport there needs
 * credentials to exist (nodejs-firestore#1811), so the choice is left to the SDK's
 * FIRESTORE_PREFER_REST variable and defaults to gRPC, which needs none.
 */
function firestoreOf(binding: ResourceBinding): Firestore {
  const projectId = typeof binding.projectId === 'string' ? binding.projectId : undefined;
  const databaseId = typeof binding.database === 'string' ? binding.database : '(default)';
  const cacheKey = `${projectId ?? ''}/${databaseId}`;
  let db = clients.get(cacheKey);
  if (!db) {
    db = new Firestore({
      ...(projectId ? { projectId } : {}),
      databaseId,
      ...(process.env.FIRESTORE_EMULATOR_HOST ? {} : { preferRest: true }),
    });
    clients.set(cacheKey, db);
  }
  return db;
}

/** Closes every cached Firestore client (tests; a function instance keeps its clients). */
export async function closeFirestoreClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((db) => db.terminate()));
}

const itemOf = (doc: DocumentSnapshot): Item => JSON.parse(String(doc.get(DATA_FIELD))) as Item;

/**
 * A Table client on Firestore (native mode). An item is one document
 * `<table>/<partition id>/<table>_items/<sort id>` ({@link documentIdOf}; `_` without a sort key)
 * holding {@link SORT_FIELD} (the sort key, ordered like the neutral contract: numbers as numbers,
 * strings through {@link orderedString}), {@link DATA_FIELD} (the item's JSON, exact for every
 * value, lone surrogates included) and {@link TTL_FIELD} (the expiry Timestamp for the TTL policy).
 * A query reads one collection with a range on the sort field and orders by it (the automatic
 * single-field index, no composite index); a scan reads the collection group ordered by document
 * name. Paging is keyset on the neutral cursor (the last item's key), and reads go on through
 * expired items (hidden on every read, whatever the TTL policy has not deleted yet) until
 * `limit + 1` live items or the end.
 */
export function firestoreTableClient(binding: ResourceBinding): TableClient {
  const db = firestoreOf(binding);
  const table = binding.name;
  const group = itemsCollectionGroup(table);
  const pk = binding.partitionKey!;
  const sk = binding.sortKey;
  const keyOf = (item: Item, what: string) => tableKeyOf(binding, item, what);
  const live = (item: Item) => !isExpired(binding, item, Date.now() / 1000);
  const itemsOf = (partition: string | number): CollectionReference =>
    db.collection(table).doc(documentIdOf(partition)).collection(group);
  const refOf = (key: Item): DocumentReference =>
    itemsOf(key[pk.name] as string | number).doc(sk ? documentIdOf(key[sk.name] as string | number) : ONLY);

  /** Live items of `query(after)`, the keyset query after document `after`, until `limit + 1` or the end. */
  async function read(query: (after?: QueryDocumentSnapshot) => Query, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let after: QueryDocumentSnapshot | undefined;
    for (;;) {
      const want = Math.min(1000, limit + 1 - items.length);
      const { docs } = await query(after).limit(want).get();
      for (const doc of docs) {
        const item = itemOf(doc);
        if (live(item)) items.push(item);
      }
      if (docs.length < want || items.length > limit) return items;
      after = docs[docs.length - 1];
    }
  }

  const pageOf = (items: Item[], limit: number, what: string): TablePage =>
    items.length > limit
      ? { items: items.slice(0, limit), cursor: encodeCursor(keyOf(items[limit - 1], what)) }
      : { items };

  /** A condition value as a sort-field value, checked against the sort key's type. */
  const bound = (value: string | number) => {
    if (typeof value !== sk!.type)
      throw new Error(
        `query: sort condition values must be ${sk!.type}s like sort key "${sk!.name}" (got ${JSON.stringify(value)})`,
      );
    return orderedSortValue(value);
  };

  /** `query` restricted to `condition`, or undefined when nothing can match. */
  function withCondition(query: Query, condition: SortCondition | undefined): Query | undefined {
    if (!condition) return query;
    if ('eq' in condition) {
      const value = bound(condition.eq);
      return query.where(SORT_FIELD, '>=', value).where(SORT_FIELD, '<=', value);
    }
    if ('lt' in condition) return query.where(SORT_FIELD, '<', bound(condition.lt));
    if ('lte' in condition) return query.where(SORT_FIELD, '<=', bound(condition.lte));
    if ('gt' in condition) return query.where(SORT_FIELD, '>', bound(condition.gt));
    if ('gte' in condition) return query.where(SORT_FIELD, '>=', bound(condition.gte));
    if ('between' in condition) {
      const [low, high] = condition.between;
      return query.where(SORT_FIELD, '>=', bound(low)).where(SORT_FIELD, '<=', bound(high));
    }
    if ('beginsWith' in condition) {
      const prefix = condition.beginsWith;
      if (sk!.type !== 'string') return undefined; // only strings begin with anything
      if (prefix === '') return query.where(SORT_FIELD, '>=', '');
      return query.where(SORT_FIELD, '>=', orderedString(prefix)).where(SORT_FIELD, '<', prefixEnd(prefix));
    }
    throw new Error(
      `unknown sort condition ${JSON.stringify(condition)}: use eq, lt, lte, gt, gte, between or beginsWith`,
    );
  }

  return {
    async get(key) {
      const doc = await refOf(keyOf(key, 'get')).get();
      if (!doc.exists) return undefined;
      const item = itemOf(doc);
      return live(item) ? item : undefined;
    },

    async put(item) {
      const key = keyOf(item, 'put');
      const json = JSON.stringify(item);
      const size = Buffer.byteLength(json);
      if (size > MAX_ITEM_JSON_BYTES)
        throw new LimitError(
          `table "${table}": item is ${size} bytes of JSON; a Firestore document holds 1 MiB, so the limit there is ${MAX_ITEM_JSON_BYTES} bytes`,
        );
      const data: DocumentData = { [DATA_FIELD]: json };
      if (sk) {
        const value = orderedSortValue(key[sk.name] as string | number);
        if (typeof value === 'string' && Buffer.byteLength(value) > MAX_SORT_BYTES)
          throw new LimitError(
            `table "${table}": sort key "${sk.name}" is ${Buffer.byteLength(value)} bytes once ordered for Firestore; the limit there is ${MAX_SORT_BYTES} (an indexed value holds 1500 bytes)`,
          );
        data[SORT_FIELD] = value;
      }
      const ttl =
        typeof binding.timeToLiveAttribute === 'string' ? item[binding.timeToLiveAttribute] : undefined;
      if (typeof ttl === 'number' && Number.isFinite(ttl)) {
        // Beyond year 9999 nothing expires; before year 1 is long expired.
        const millis = Math.max(MIN_MILLIS, Math.floor(ttl * 1000));
        if (millis <= MAX_MILLIS) data[TTL_FIELD] = Timestamp.fromMillis(millis);
      }
      await refOf(key).set(data);
    },

    async delete(key) {
      await refOf(keyOf(key, 'delete')).delete(); // a missing document is no error
    },

    async query(query: TableQuery): Promise<TablePage> {
      const limit = checkQuery(binding, query);
      if (!sk) {
        if (query.cursor) return { items: [] }; // one item per partition, on the first page
        const doc = await itemsOf(query.partition).doc(ONLY).get();
        const item = doc.exists ? itemOf(doc) : undefined;
        return { items: item && live(item) ? [item] : [] };
      }
      const order = query.order === 'desc' ? 'desc' : 'asc';
      let base = withCondition(itemsOf(query.partition).orderBy(SORT_FIELD, order), query.sort);
      if (!base) return { items: [] };
      if (query.cursor) {
        const after = decodeCursor(query.cursor)[sk.name];
        if (typeof after !== sk.type) throw new Error(`invalid cursor "${query.cursor}" for this query`);
        base = base.where(
          SORT_FIELD,
          order === 'asc' ? '>' : '<',
          orderedSortValue(after as string | number),
        );
      }
      const ranged = base;
      const items = await read(
        (last) =>
          last ? ranged.where(SORT_FIELD, order === 'asc' ? '>' : '<', last.get(SORT_FIELD)) : ranged,
        limit,
      );
      return pageOf(items, limit, 'query');
    },

    async scan(scan: TableScan = {}): Promise<TablePage> {
      const limit = queryLimit(scan.limit);
      // Ordered by document name: collection-group queries on `__name__` need no composite index.
      let base = db.collectionGroup(group).orderBy(FieldPath.documentId());
      if (scan.cursor)
        base = base.where(FieldPath.documentId(), '>', refOf(keyOf(decodeCursor(scan.cursor), 'scan')));
      const items = await read(
        (last) => (last ? base.where(FieldPath.documentId(), '>', last.ref) : base),
        limit,
      );
      return pageOf(items, limit, 'scan');
    },
  };
}
