import type { ObjectPage } from 'anycloud/runtime';
import type { R2Bucket } from './workers-types';

/** One page of an R2 listing in the neutral shape (1000 keys unless a limit is given). */
export async function listR2(
  bucket: R2Bucket,
  options: { prefix?: string; cursor?: string; limit?: number } = {},
): Promise<ObjectPage> {
  const result = await bucket.list({
    prefix: options.prefix,
    cursor: options.cursor,
    limit: options.limit ?? 1000,
  });
  return {
    objects: result.objects.map((o) => ({ key: o.key, size: o.size })),
    cursor: result.truncated ? result.cursor : undefined,
  };
}
