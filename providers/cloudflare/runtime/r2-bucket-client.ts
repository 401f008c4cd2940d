import { AccessError, type BucketClient, type ObjectPage } from 'anycloud/runtime';
import type { ReadObject } from './bucket-reader';
import { listR2 } from './r2-list';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { R2Bucket } from './workers-types';

const decoder = new TextDecoder();

/** The RPC stub of a bucket's reader Worker (see bucket-reader.ts). */
interface BucketReaderStub {
  get(key: string): Promise<ReadObject | undefined>;
  list(options?: { prefix?: string; cursor?: string; limit?: number }): Promise<ObjectPage>;
}

/**
 * A Bucket client on an R2 bucket binding. A read-only grant has no R2 binding: its reads go to
 * the bucket's reader Worker.
 */
export function r2BucketClient(binding: ResourceBinding): BucketClient {
  if (binding.reader) {
    const reader = binding.native as BucketReaderStub;
    const readOnly = () =>
      Promise.reject(new AccessError(`bucket "${binding.name}" is bound read-only to this function`));
    return {
      async get(key) {
        const object = await reader.get(key);
        return object && { ...object, text: () => decoder.decode(object.body) };
      },
      list: (options) => reader.list(options),
      put: readOnly,
      delete: readOnly,
    };
  }
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
    list: (options) => listR2(bucket, options),
  };
}
