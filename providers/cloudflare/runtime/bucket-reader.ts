import { WorkerEntrypoint } from 'cloudflare:workers';
import type { ObjectPage } from 'anycloud/runtime';
import { listR2 } from './r2-list';
import { READER_ENV } from './worker-env';
import type { R2Bucket } from './workers-types';

/** An object as it crosses the RPC boundary (bytes and metadata; the client adds `text()`). */
export interface ReadObject {
  readonly key: string;
  readonly body: Uint8Array;
  readonly contentType?: string;
}

/**
 * The read side of one bucket, the only way a read-only function reaches it: this Worker holds
 * the R2 binding, and its RPC entrypoint has reads only (R2 bindings cannot be read-only).
 */
export class BucketReader extends WorkerEntrypoint<Record<string, unknown>> {
  private get bucket(): R2Bucket {
    return this.env[READER_ENV.bucket] as R2Bucket;
  }

  async get(key: string): Promise<ReadObject | undefined> {
    const object = await this.bucket.get(key);
    if (!object) return undefined;
    return {
      key,
      body: new Uint8Array(await object.arrayBuffer()),
      contentType: object.httpMetadata?.contentType,
    };
  }

  list(options: { prefix?: string; cursor?: string; limit?: number } = {}): Promise<ObjectPage> {
    return listR2(this.bucket, options);
  }
}
