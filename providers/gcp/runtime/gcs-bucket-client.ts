import { Storage, type Bucket } from '@google-cloud/storage';
import type { BucketClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';

const decoder = new TextDecoder();

let storage: Storage | undefined;

/** The bucket of a binding (application default credentials; `STORAGE_EMULATOR_HOST` in tests). */
function bucketOf(binding: ResourceBinding): Bucket {
  storage ??= new Storage();
  return storage.bucket(binding.name);
}

/** True when a Cloud Storage call failed because the object is not there. */
const notFound = (error: unknown) => (error as { code?: number }).code === 404;

/**
 * A Bucket client on a Cloud Storage bucket. Listing is in key order, a page at a time: the
 * cursor is the service's page token, given only when more objects follow.
 */
export function gcsBucketClient(binding: ResourceBinding): BucketClient {
  const bucket = bucketOf(binding);
  return {
    async get(key) {
      const file = bucket.file(key);
      try {
        const [[metadata], [contents]] = await Promise.all([file.getMetadata(), file.download()]);
        const body = new Uint8Array(contents);
        return { key, body, contentType: metadata.contentType, text: () => decoder.decode(body) };
      } catch (error) {
        if (notFound(error)) return undefined;
        throw error;
      }
    },
    async put(key, body, options) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
      await bucket.file(key).save(bytes, {
        resumable: false,
        contentType: options?.contentType ?? 'application/octet-stream',
      });
    },
    async delete(key) {
      await bucket.file(key).delete({ ignoreNotFound: true });
    },
    async list(options = {}) {
      const limit = options.limit ?? 1000;
      const objects: { key: string; size: number }[] = [];
      let pageToken = options.cursor;
      // The service may answer a page shorter than asked with a token: read on until the page is full.
      do {
        const [files, next] = await bucket.getFiles({
          autoPaginate: false,
          maxResults: limit - objects.length,
          ...(options.prefix ? { prefix: options.prefix } : {}),
          ...(pageToken ? { pageToken } : {}),
        });
        for (const file of files) objects.push({ key: file.name, size: Number(file.metadata.size ?? 0) });
        pageToken = (next as { pageToken?: string } | null)?.pageToken;
      } while (pageToken && objects.length < limit);
      return { objects, ...(pageToken ? { cursor: pageToken } : {}) };
    },
  };
}
