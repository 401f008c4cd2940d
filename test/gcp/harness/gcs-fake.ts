import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A FAKE of the Cloud Storage JSON API, written here: Google publishes no Cloud Storage emulator,
 * so this is not Google's software and proves only what @google-cloud/storage sends and accepts.
 * It covers what the SDK (7.22.0) does with `apiEndpoint` or STORAGE_EMULATOR_HOST set to
 * `endpoint`: object uploads (multipart, media, resumable), metadata, `alt=media` downloads with
 * `x-goog-hash` (crc32c and md5, so the SDK's validation runs), deletes (404 when missing),
 * listings by name with `prefix`, `maxResults` and `pageToken`, and bucket creation (or buckets
 * made on first use). Everything lives in memory; no ACLs, generations preconditions or delimiters.
 */
export interface GcsFake {
  /** `http://127.0.0.1:<port>`: the SDK's `apiEndpoint`. */
  readonly endpoint: string;
  createBucket(name: string): void;
  close(): Promise<void>;
}

interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly generation: number;
  readonly time: string;
}

/** CRC32C (Castagnoli), as GCS reports it: base64 of the big-endian 32-bit value. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32c(data: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}

/** The parts of a `multipart/related` body. */
function multipartParts(body: Buffer, boundary: string): { type: string; body: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { type: string; body: Buffer }[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    start += delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start, next);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString();
    const content = part.subarray(split + 4);
    parts.push({
      type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1].trim() ?? 'application/octet-stream',
      body: content.subarray(0, content.length - (content.subarray(-2).toString() === '\r\n' ? 2 : 0)),
    });
    start = next;
  }
  return parts;
}

/** GCS lists names in the order of their UTF-8 bytes. */
const byName = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(value));
};
const failure = (res: ServerResponse, status: number, reason: string, message: string) =>
  json(res, status, { error: { code: status, message, errors: [{ domain: 'global', reason, message }] } });

/** Starts the fake on a free loopback port. */
export async function startGcsFake(): Promise<GcsFake> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const sessions = new Map<string, { bucket: string; name: string; contentType: string; chunks: Buffer[] }>();
  let generation = Date.now() * 1000;
  let endpoint = '';
  const bucketOf = (name: string) => {
    let bucket = buckets.get(name);
    if (!bucket) buckets.set(name, (bucket = new Map()));
    return bucket;
  };
  const resourceOf = (bucket: string, name: string, o: StoredObject) => ({
    kind: 'storage#object',
    id: `${bucket}/${name}/${o.generation}`,
    selfLink: `${endpoint}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}`,
    mediaLink: `${endpoint}/download/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}?generation=${o.generation}&alt=media`,
    name,
    bucket,
    generation: String(o.generation),
    metageneration: '1',
    contentType: o.contentType,
    storageClass: 'STANDARD',
    size: String(o.body.length),
    md5Hash: createHash('md5').update(o.body).digest('base64'),
    crc32c: crc32c(o.body),
    etag: `CA${o.generation}`,
    timeCreated: o.time,
    updated: o.time,
  });
  const store = (res: ServerResponse, bucket: string, name: string, body: Buffer, contentType: string) => {
    const o = { body, contentType, generation: ++generation, time: new Date().toISOString() };
    bucketOf(bucket).set(name, o);
    json(res, 200, resourceOf(bucket, name, o));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const q = url.searchParams;
    const path = url.pathname.replace(/^\/(upload\/|download\/)?storage\/v1\//, '/$1');
    const body = await bodyOf(req);
    let m: RegExpExecArray | null;
    if (req.method === 'POST' && path === '/b') {
      const { name } = JSON.parse(body.toString() || '{}') as { name: string };
      bucketOf(name);
      return json(res, 200, {
        kind: 'storage#bucket',
        id: name,
        name,
        location: 'US',
        storageClass: 'STANDARD',
      });
    }
    if ((m = /^\/upload\/b\/([^/]+)\/o$/.exec(path))) {
      const bucket = decodeURIComponent(m[1]);
      const type = q.get('uploadType');
      if (req.method === 'POST' && type === 'multipart') {
        const boundary = /boundary="?([^";]+)"?/.exec(req.headers['content-type'] ?? '')?.[1] ?? '';
        const [meta, media] = multipartParts(body, boundary);
        const metadata = JSON.parse(meta?.body.toString() || '{}') as { name?: string; contentType?: string };
        const name = q.get('name') ?? metadata.name;
        if (!name || !media)
          return failure(res, 400, 'invalid', 'multipart upload needs a name and a media part');
        return store(res, bucket, name, media.body, metadata.contentType ?? media.type);
      }
      if (req.method === 'POST' && type === 'media') {
        const name = q.get('name');
        if (!name) return failure(res, 400, 'required', 'name is required');
        return store(res, bucket, name, body, req.headers['content-type'] ?? 'application/octet-stream');
      }
      if (req.method === 'POST' && type === 'resumable') {
        const metadata = JSON.parse(body.toString() || '{}') as { name?: string; contentType?: string };
        const name = q.get('name') ?? metadata.name;
        if (!name) return failure(res, 400, 'required', 'name is required');
        const id = randomUUID();
        const contentType =
          metadata.contentType ?? String(req.headers['x-upload-content-type'] ?? 'application/octet-stream');
        sessions.set(id, { bucket, name, contentType, chunks: [] });
        res.writeHead(200, {
          location: `${endpoint}/upload/storage/v1/b/${m[1]}/o?uploadType=resumable&upload_id=${id}`,
        });
        return void res.end();
      }
      if (req.method === 'PUT' && type === 'resumable') {
        const session = sessions.get(q.get('upload_id') ?? '');
        if (!session) return failure(res, 404, 'notFound', 'no such upload session');
        session.chunks.push(body);
        const received = session.chunks.reduce((n, c) => n + c.length, 0);
        // `bytes 0-*/*` (one request, the rest of the object) ends with the body; a chunk
        // `bytes a-b/<total or *>` ends the upload once the total is known and reached.
        const range = /^bytes (\S+)\/(\S+)$/.exec(String(req.headers['content-range'] ?? ''));
        const done = !range || range[1].endsWith('-*') || (range[2] !== '*' && Number(range[2]) <= received);
        if (!done) {
          res.writeHead(308, received ? { range: `bytes=0-${received - 1}` } : {});
          return void res.end();
        }
        sessions.delete(q.get('upload_id')!);
        return store(res, session.bucket, session.name, Buffer.concat(session.chunks), session.contentType);
      }
      return failure(res, 400, 'invalid', `unsupported upload ${req.method} ${type}`);
    }
    if ((m = /^\/(?:download\/)?b\/([^/]+)\/o\/(.+)$/.exec(path))) {
      const [bucket, name] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      const o = bucketOf(bucket).get(name);
      if (!o) return failure(res, 404, 'notFound', `No such object: ${bucket}/${name}`);
      if (req.method === 'DELETE') {
        bucketOf(bucket).delete(name);
        res.writeHead(204);
        return void res.end();
      }
      if (req.method !== 'GET') return failure(res, 405, 'notAllowed', `${req.method} on an object`);
      if (q.get('alt') !== 'media') return json(res, 200, resourceOf(bucket, name, o));
      const resource = resourceOf(bucket, name, o);
      res.writeHead(200, {
        'content-type': o.contentType,
        'content-length': String(o.body.length),
        'x-goog-hash': `crc32c=${resource.crc32c},md5=${resource.md5Hash}`,
        'x-goog-stored-content-encoding': 'identity',
        'x-goog-generation': String(o.generation),
      });
      return void res.end(o.body);
    }
    if ((m = /^\/b\/([^/]+)\/o$/.exec(path)) && req.method === 'GET') {
      const bucket = decodeURIComponent(m[1]);
      const prefix = q.get('prefix') ?? '';
      const after = q.get('pageToken') ? Buffer.from(q.get('pageToken')!, 'base64url').toString() : undefined;
      const max = Math.min(1000, Number(q.get('maxResults') ?? 1000) || 1000);
      const names = [...bucketOf(bucket).keys()]
        .filter((n) => n.startsWith(prefix) && (after === undefined || byName(n, after) > 0))
        .sort(byName);
      const page = names.slice(0, max);
      return json(res, 200, {
        kind: 'storage#objects',
        items: page.map((n) => resourceOf(bucket, n, bucketOf(bucket).get(n)!)),
        ...(names.length > max
          ? { nextPageToken: Buffer.from(page[page.length - 1]).toString('base64url') }
          : {}),
      });
    }
    if ((m = /^\/b\/([^/]+)$/.exec(path)) && req.method === 'GET') {
      const name = decodeURIComponent(m[1]);
      if (!buckets.has(name)) return failure(res, 404, 'notFound', 'The specified bucket does not exist.');
      return json(res, 200, { kind: 'storage#bucket', id: name, name });
    }
    failure(res, 404, 'notFound', `the fake does not serve ${req.method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => failure(res, 500, 'backendError', error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    endpoint,
    createBucket: (name) => void bucketOf(name),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
