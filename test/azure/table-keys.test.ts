import fc from 'fast-check';
import type { SortCondition } from 'anycloud/runtime';
import { compareKeyValues, matchesSortCondition } from '../../lib/runtime/table-semantics';
import {
  ascendingKey,
  descendingKey,
  encodeNumber,
  encodeString,
  rowRange,
  type RowRange,
} from '../../providers/azure/runtime/table-keys';

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Any UTF-16 string, including lone surrogates, control characters and the characters Table Storage forbids. */
const anyString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
  maxLength: 12,
});
/** Mostly the characters near the escaped ones, so pairs collide often. */
const nearString = fc.string({
  unit: fc.constantFrom(
    '#',
    '$',
    '%',
    '&',
    '-',
    '.',
    '/',
    '0',
    '>',
    '?',
    '[',
    '\\',
    ']',
    '{',
    '|',
    '}',
    '\u0000',
    '\u007f',
    '\uffff',
    'a',
  ),
  maxLength: 6,
});
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1, -1, Number.MAX_VALUE, -Number.MAX_VALUE),
);
/** Characters Table Storage forbids in keys: `/ \\ # ?` and control characters. */
const forbidden = (key: string) =>
  [...key].some(
    (c) =>
      '/\\#?'.includes(c) || c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f),
  );

function inRange(key: string, range: RowRange): boolean {
  const { lower, upper } = range;
  if (lower.op === 'eq') return key === lower.key;
  const low = lower.op === 'ge' ? key >= lower.key : key > lower.key;
  const high = !upper || (upper.op === 'le' ? key <= upper.key : key < upper.key);
  return low && high;
}

describe('Table Storage keys', () => {
  test('string encodings keep the order and equality of the values, and are legal RowKeys', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, nearString), fc.oneof(anyString, nearString), (a, b) => {
        expect(sign(ordinal(encodeString(a), encodeString(b)))).toBe(sign(ordinal(a, b)));
        expect(sign(ordinal(descendingKey(a), descendingKey(b)))).toBe(0 - sign(ordinal(a, b)) || 0);
        expect(forbidden(encodeString(a))).toBe(false);
        expect(forbidden(descendingKey(a))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  test('a prefix of a value encodes to a prefix of its encoding', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, nearString), fc.oneof(anyString, nearString), (a, b) => {
        expect(encodeString(a + b).startsWith(encodeString(a))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test('number encodings keep numeric order, both ways; -0 is 0', () => {
    fc.assert(
      fc.property(number, number, (a, b) => {
        expect(sign(ordinal(encodeNumber(a), encodeNumber(b)))).toBe(sign(a - b || 0));
        expect(sign(ordinal(descendingKey(a), descendingKey(b)))).toBe(0 - sign(a - b || 0) || 0);
        expect(encodeNumber(a)).toMatch(/^[0-9a-f]{16}$/);
      }),
      { numRuns: 2000 },
    );
    expect(encodeNumber(-0)).toBe(encodeNumber(0));
  });

  test('ascending rows sort before mirror rows; a key-less item has the row `a`', () => {
    expect(ascendingKey(undefined)).toBe('a');
    fc.assert(
      fc.property(fc.oneof(anyString, number), fc.oneof(anyString, number), (a, b) => {
        expect(ascendingKey(a) < descendingKey(b)).toBe(true);
        expect(ascendingKey(a) < 'b').toBe(true);
        expect(descendingKey(b) >= 'd' && descendingKey(b) < 'e').toBe(true);
      }),
    );
  });

  const condition = (value: fc.Arbitrary<string | number>): fc.Arbitrary<SortCondition> =>
    fc.oneof(
      value.map((v) => ({ eq: v })),
      value.map((v) => ({ lt: v })),
      value.map((v) => ({ lte: v })),
      value.map((v) => ({ gt: v })),
      value.map((v) => ({ gte: v })),
      fc.tuple(value, value).map(([x, y]) => ({
        between: (compareKeyValues(x, y) <= 0 ? [x, y] : [y, x]) as [string | number, string | number],
      })),
    );

  test.each(['asc', 'desc'] as const)(
    'a row range selects exactly the values a condition matches (%s, strings)',
    (order) => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(anyString, nearString), { maxLength: 20 }),
          fc.oneof(
            condition(fc.oneof(anyString, nearString)),
            nearString.map((p) => ({ beginsWith: p })),
          ),
          (values, cond) => {
            const range = rowRange(cond, order);
            for (const v of values) {
              const key = order === 'asc' ? ascendingKey(v) : descendingKey(v);
              expect([v, inRange(key, range)]).toEqual([v, matchesSortCondition(v, cond)]);
            }
          },
        ),
        { numRuns: 1500 },
      );
    },
  );

  test.each(['asc', 'desc'] as const)(
    'a row range selects exactly the values a condition matches (%s, numbers)',
    (order) => {
      fc.assert(
        fc.property(fc.array(number, { maxLength: 20 }), condition(number), (values, cond) => {
          const range = rowRange(cond, order);
          for (const v of values) {
            const key = order === 'asc' ? ascendingKey(v) : descendingKey(v);
            expect([v, inRange(key, range)]).toEqual([v, matchesSortCondition(v, cond)]);
          }
        }),
        { numRuns: 1500 },
      );
    },
  );

  test('no condition selects every row of the order and none of the other', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, number), (v) => {
        expect(inRange(ascendingKey(v), rowRange(undefined, 'asc'))).toBe(true);
        expect(inRange(descendingKey(v), rowRange(undefined, 'asc'))).toBe(false);
        expect(inRange(descendingKey(v), rowRange(undefined, 'desc'))).toBe(true);
        expect(inRange(ascendingKey(v), rowRange(undefined, 'desc'))).toBe(false);
      }),
    );
  });
});
