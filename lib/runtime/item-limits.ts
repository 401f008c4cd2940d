import type { ResourceBinding } from './binding';
import type { Item } from './clients';

/** Largest item, in bytes of its JSON (DynamoDB: 400 KB). */
export const MAX_ITEM_BYTES = 400 * 1024;
/** Largest partition key value, in UTF-8 bytes (DynamoDB: 2048). */
export const MAX_PARTITION_KEY_BYTES = 2048;
/** Largest sort key value, in UTF-8 bytes (DynamoDB: 1024). */
export const MAX_SORT_KEY_BYTES = 1024;

/**
 * A table item or key beyond the neutral limits, refused the same way on every target before
 * the backend sees it. An HTTP handler that does not catch it answers 500; catch it to answer
 * 413 or 400.
 */
export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitError';
  }
}

const encoder = new TextEncoder();
const bytesOf = (value: unknown) => encoder.encode(typeof value === 'string' ? value : String(value)).length;

/**
 * Checks the key attributes of `key` for table `id`: no empty string (DynamoDB refuses empty key
 * values), the partition key at most 2048 bytes and the sort key at most 1024.
 */
export function checkKeyLimits(id: string, binding: ResourceBinding, key: Item): void {
  const attributes = [
    [binding.partitionKey, 'partition key', MAX_PARTITION_KEY_BYTES],
    [binding.sortKey, 'sort key', MAX_SORT_KEY_BYTES],
  ] as const;
  for (const [attribute, what, limit] of attributes) {
    if (!attribute) continue;
    const value = (key as Item | undefined)?.[attribute.name];
    if (value === '')
      throw new LimitError(
        `table "${id}": ${what} "${attribute.name}" is an empty string; keys must not be empty on every target`,
      );
    if (typeof value !== 'string' && typeof value !== 'number') continue; // the client names the type error
    const size = bytesOf(value);
    if (size > limit)
      throw new LimitError(
        `table "${id}": ${what} "${attribute.name}" is ${size} bytes; the limit is ${limit} bytes on every target`,
      );
  }
}

/**
 * Checks an item about to be put into table `id`: its keys ({@link checkKeyLimits}) and its size,
 * counted as the UTF-8 bytes of its JSON. That count is never below DynamoDB's own (attribute
 * names plus values; JSON adds quotes, braces and commas and spells numbers in full), so what
 * passes here DynamoDB accepts too, and every target refuses the same items.
 */
export function checkItemLimits(id: string, binding: ResourceBinding, item: Item): void {
  checkKeyLimits(id, binding, item);
  let size: number;
  try {
    size = encoder.encode(JSON.stringify(item)).length;
  } catch {
    return; // not JSON (a cycle, a BigInt): the client reports it
  }
  if (size > MAX_ITEM_BYTES)
    throw new LimitError(
      `table "${id}": item is ${size} bytes; the limit is ${MAX_ITEM_BYTES} bytes (400 KB) on every target`,
    );
}
