import type { BucketClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { R2Bucket } from './workers-types';

const decoder = new TextDecoder();

/** A Bucket client on an R2 bucket binding. */
export function r2BucketClient(binding: ResourceBinding): BucketClient {
  const bucket = binding.native as R2Bucket;
  return {
    async get(key) {
      const object = await bucket.get(key);
      if (!object) return undefined;
      const body = new Uint8Array(await object.arrayBuffer());
      return { key, body, contentType: object.httpMetadata?.contentType, text: () => decoder.decode(body) };
    },
    async put(key, body, options) {
      await bucket.put(
        key,
        body,
        options?.contentType ? { httpMetadata: { contentType: options.contentType } } : {},
      );
    },
    async delete(key) {
      await bucket.delete(key);
    },
    async list(options = {}) {
      const result = await bucket.list({
        prefix: options.prefix,
        cursor: options.cursor,
        limit: options.limit ?? 1000,
      });
      return {
        objects: result.objects.map((o) => ({ key: o.key, size: o.size })),
        cursor: result.truncated ? result.cursor : undefined,
      };
    },
  };
}
