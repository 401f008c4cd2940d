import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { BucketClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { DEVELOPMENT_ACCOUNT, isDevelopmentStorage, managedIdentity } from './storage-credential';

const decoder = new TextDecoder();

/** The container client of a binding: the managed identity, or the emulator's development account. */
function containerOf(binding: ResourceBinding): ContainerClient {
  const endpoint = String(binding.endpoint);
  const credential = isDevelopmentStorage(endpoint)
    ? new StorageSharedKeyCredential(DEVELOPMENT_ACCOUNT.name, DEVELOPMENT_ACCOUNT.key)
    : managedIdentity();
  return new ContainerClient(`${endpoint}/${binding.name}`, credential);
}

/**
 * A Bucket client on a blob container (block blobs). Listing is in key order, a page at a time:
 * the cursor is the service's continuation marker, given only when more blobs follow.
 */
export function blobBucketClient(binding: ResourceBinding): BucketClient {
  const container = containerOf(binding);
  return {
    async get(key) {
      try {
        const blob = container.getBlockBlobClient(key);
        const properties = await blob.getProperties();
        const body = new Uint8Array(await blob.downloadToBuffer());
        return { key, body, contentType: properties.contentType, text: () => decoder.decode(body) };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
    },
    async put(key, body, options) {
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      await container.getBlockBlobClient(key).uploadData(bytes, {
        blobHTTPHeaders: { blobContentType: options?.contentType ?? 'application/octet-stream' },
      });
    },
    async delete(key) {
      await container.getBlockBlobClient(key).deleteIfExists();
    },
    async list(options = {}) {
      const limit = options.limit ?? 1000;
      const objects: { key: string; size: number }[] = [];
      let marker = options.cursor;
      // The service may answer a page shorter than asked with a marker: read on until the page is full.
      do {
        const page = await container
          .listBlobsFlat({ prefix: options.prefix })
          .byPage({ maxPageSize: limit - objects.length, continuationToken: marker })
          .next();
        if (page.done) break;
        for (const item of page.value.segment.blobItems)
          objects.push({ key: item.name, size: item.properties.contentLength ?? 0 });
        marker = page.value.continuationToken || undefined;
      } while (marker && objects.length < limit);
      return { objects, ...(marker ? { cursor: marker } : {}) };
    },
  };
}
