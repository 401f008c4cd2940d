import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { BucketClient, ObjectPage, StoredObject } from 'anycloud/runtime';
import { decodeCursor, encodeCursor } from 'anycloud/runtime/host';
import { readJsonFile, writeFileAtomic } from './atomic-file';

/** What a bucket reports after a write or a delete; the local target turns it into object events. */
export type ObjectChange = {
  readonly type: 'created' | 'removed';
  readonly key: string;
  readonly size?: number;
};

const decoder = new TextDecoder();

/** Longest file name kept readable; file systems allow 255 bytes, and the sidecar adds `.json`. */
const MAX_READABLE_NAME = 200;
const encoder = new TextEncoder();

/**
 * A bucket as a folder: one file per object (the key URL-encoded into a safe file name, so no
 * key can escape the folder; a key whose encoded name would pass 200 bytes is stored as `~` and
 * the SHA-256 of the key, so every key S3 accepts, up to 1024 bytes, fits any file system), its
 * content type and key in a sidecar under `.meta/`. Every file is written atomically; metadata is
 * written before the object and removed after it, so a crash never shows an object without its
 * metadata.
 */
export class BucketStore {
  private readonly dir: string;
  private readonly metaDir: string;

  /** @param dir the bucket's folder; @param onChange called after every write and delete. */
  constructor(
    dir: string,
    private readonly onChange: (change: ObjectChange) => void,
  ) {
    this.dir = dir;
    this.metaDir = join(this.dir, '.meta');
    mkdirSync(this.metaDir, { recursive: true });
  }

  private fileOf(key: string): string {
    if (typeof key !== 'string' || key.length === 0 || encoder.encode(key).length > 1024) {
      throw new Error(
        `object key must be 1-1024 bytes of UTF-8, as on S3 and R2 (got ${typeof key === 'string' ? `${encoder.encode(key).length} bytes` : JSON.stringify(key)})`,
      );
    }
    const readable = encodeURIComponent(key).replace(/\./g, '%2E');
    return readable.length <= MAX_READABLE_NAME
      ? readable
      : `~${createHash('sha256').update(key).digest('hex')}`;
  }

  private keyOf(name: string): string {
    if (!name.startsWith('~')) return decodeURIComponent(name);
    return readJsonFile<{ key?: string }>(join(this.metaDir, `${name}.json`), {}).key ?? name;
  }

  /** Every object key, sorted as S3 lists them (for tests and the dev console). */
  keys(): string[] {
    return readdirSync(this.dir)
      .filter((name) => name !== '.meta' && !name.startsWith('.'))
      .map((name) => this.keyOf(name))
      .sort();
  }

  /** A client of this bucket (grants are checked by the neutral runtime). */
  client(): BucketClient {
    return {
      get: async (key): Promise<StoredObject | undefined> => {
        const file = join(this.dir, this.fileOf(key));
        if (!existsSync(file)) return undefined;
        const body = new Uint8Array(readFileSync(file));
        const meta = readJsonFile<{ contentType?: string }>(
          join(this.metaDir, `${this.fileOf(key)}.json`),
          {},
        );
        return {
          key,
          body,
          contentType: meta.contentType ?? 'application/octet-stream',
          text: () => decoder.decode(body),
        };
      },
      put: async (key, body, options) => {
        const name = this.fileOf(key);
        const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
        writeFileAtomic(
          join(this.metaDir, `${name}.json`),
          JSON.stringify({ contentType: options?.contentType, key }),
        );
        writeFileAtomic(join(this.dir, name), bytes);
        this.onChange({ type: 'created', key, size: bytes.byteLength });
      },
      delete: async (key) => {
        const name = this.fileOf(key);
        const existed = existsSync(join(this.dir, name));
        rmSync(join(this.dir, name), { force: true });
        rmSync(join(this.metaDir, `${name}.json`), { force: true });
        if (existed) this.onChange({ type: 'removed', key });
      },
      list: async (options = {}): Promise<ObjectPage> => {
        const limit = options.limit ?? 1000;
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new Error(`list limit must be 1-1000 (got ${limit})`);
        const after = options.cursor ? String(decodeCursor(options.cursor).after) : undefined;
        const keys = this.keys().filter(
          (k) => (!options.prefix || k.startsWith(options.prefix)) && (after === undefined || k > after),
        );
        const page = keys.slice(0, limit);
        return {
          objects: page.map((key) => ({ key, size: statSync(join(this.dir, this.fileOf(key))).size })),
          cursor: keys.length > limit ? encodeCursor({ after: page[page.length - 1] }) : undefined,
        };
      },
    };
  }
}
