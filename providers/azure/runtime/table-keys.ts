import type { SortCondition } from 'anycloud/runtime';

/**
 * Table Storage keys for neutral key values. Table Storage sorts rows by RowKey (ordinal) and
 * forbids `/ \ # ?` and control characters in keys, so sort-key values are encoded so that the
 * order of the encodings is the order of the values (numbers numerically, strings by UTF-16 code
 * unit, as every target compares them) and a string's prefix encodes to a prefix of its encoding:
 * - a string, per code unit: `$`..`{` stay (but `$ % . / > ? [ \` become two characters that sort
 *   in their place: `$!`, `$~`, `.!`, `.~`, `>!`, `>~`, `[!`, `[~`), code units below `$` become
 *   `!` + 4 hex digits, above `{` become `|` + 4 hex digits. Every code is prefix-free and
 *   ordered like its code unit, so the encoding preserves order and prefixes.
 * - a number: its IEEE-754 bits, big-endian, sign flipped (negative numbers all bits) as 16 hex digits.
 * Descending reads use a mirror row whose key reverses the order: a string's code units are
 * inverted (0xFFFF - u) and the key ends with `}`, which sorts above every code's first character,
 * so a longer string with the same prefix sorts first; a number's bits are complemented.
 */

const PAIRS: Readonly<Record<number, string>> = {
  0x24: '$!',
  0x25: '$~',
  0x2e: '.!',
  0x2f: '.~',
  0x3e: '>!',
  0x3f: '>~',
  0x5b: '[!',
  0x5c: '[~',
};

const hex4 = (u: number) => u.toString(16).padStart(4, '0');

/** The order-preserving encoding of a string (see above). */
export function encodeString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const u = value.charCodeAt(i);
    out += u < 0x24 ? `!${hex4(u)}` : u > 0x7b ? `|${hex4(u)}` : (PAIRS[u] ?? String.fromCharCode(u));
  }
  return out;
}

/** The order-reversing encoding of a string: inverted code units, then `}`. */
export function encodeStringDescending(value: string): string {
  let inverted = '';
  for (let i = 0; i < value.length; i++) inverted += String.fromCharCode(0xffff - value.charCodeAt(i));
  return `${encodeString(inverted)}}`;
}

/** The 64 bits of a number, ordered: sign flipped, negative numbers complemented. */
function orderedBits(value: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value === 0 ? 0 : value); // -0 sorts as 0
  const bits = view.getBigUint64(0);
  return bits >> 63n ? ~bits & 0xffffffffffffffffn : bits | (1n << 63n);
}

/** The order-preserving encoding of a number: 16 hex digits. */
export function encodeNumber(value: number): string {
  return orderedBits(value).toString(16).padStart(16, '0');
}

/** The order-reversing encoding of a number: the complement of {@link encodeNumber}. */
export function encodeNumberDescending(value: number): string {
  return (~orderedBits(value) & 0xffffffffffffffffn).toString(16).padStart(16, '0');
}

/** Ascending rows start with `a`, mirror rows (descending reads) with `d`. */
export const ASCENDING = 'a';
export const DESCENDING = 'd';

/** RowKey of the ascending row of sort-key value `value` (`a` alone without a sort key). */
export function ascendingKey(value: string | number | undefined): string {
  if (value === undefined) return ASCENDING;
  return ASCENDING + (typeof value === 'number' ? encodeNumber(value) : encodeString(value));
}

/** RowKey of the mirror row of sort-key value `value`. */
export function descendingKey(value: string | number): string {
  return (
    DESCENDING + (typeof value === 'number' ? encodeNumberDescending(value) : encodeStringDescending(value))
  );
}

/** A RowKey range: `ge`/`gt` lower bound, `le`/`lt` upper bound. */
export interface RowRange {
  readonly lower: { readonly op: 'ge' | 'gt' | 'eq'; readonly key: string };
  readonly upper?: { readonly op: 'le' | 'lt'; readonly key: string };
}

/** The RowKey range of a sort condition over the ascending or the mirror rows. */
export function rowRange(condition: SortCondition | undefined, order: 'asc' | 'desc'): RowRange {
  const asc = order === 'asc';
  const key = (v: string | number) => (asc ? ascendingKey(v) : descendingKey(v));
  const [first, end] = asc ? [ASCENDING, 'b'] : [DESCENDING, 'e'];
  const all: RowRange = { lower: { op: 'ge', key: first }, upper: { op: 'lt', key: end } };
  if (!condition) return all;
  if ('eq' in condition) return { lower: { op: 'eq', key: key(condition.eq) } };
  if ('beginsWith' in condition) {
    const stem =
      first +
      (asc ? encodeString(condition.beginsWith) : encodeStringDescending(condition.beginsWith).slice(0, -1));
    return { lower: { op: 'ge', key: stem }, upper: { op: 'le', key: `${stem}}` } };
  }
  if ('between' in condition) {
    const [lo, hi] = condition.between;
    return asc
      ? { lower: { op: 'ge', key: key(lo) }, upper: { op: 'le', key: key(hi) } }
      : { lower: { op: 'ge', key: key(hi) }, upper: { op: 'le', key: key(lo) } };
  }
  // Ascending keep the comparison; the mirror rows reverse it.
  const below = (v: string | number, inclusive: boolean): RowRange =>
    asc
      ? { lower: all.lower, upper: { op: inclusive ? 'le' : 'lt', key: key(v) } }
      : { lower: { op: inclusive ? 'ge' : 'gt', key: key(v) }, upper: all.upper };
  const above = (v: string | number, inclusive: boolean): RowRange =>
    asc
      ? { lower: { op: inclusive ? 'ge' : 'gt', key: key(v) }, upper: all.upper }
      : { lower: all.lower, upper: { op: inclusive ? 'le' : 'lt', key: key(v) } };
  if ('lt' in condition) return below(condition.lt, false);
  if ('lte' in condition) return below(condition.lte, true);
  if ('gt' in condition) return above(condition.gt, false);
  if ('gte' in condition) return above(condition.gte, true);
  throw new Error(
    `unknown sort condition ${JSON.stringify(condition)}: use eq, lt, lte, gt, gte, between or beginsWith`,
  );
}
