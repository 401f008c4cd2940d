import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BucketStore } from '../../providers/local/bucket-store';

describe('local bucket store', () => {
  test('accepts every key S3 accepts (1-1024 bytes of UTF-8), however long its file name would be', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anycloud-keys-'));
    const changes: string[] = [];
    const store = new BucketStore(dir, (c) => changes.push(`${c.type} ${c.key.length}`));
    const client = store.client();
    const ascii = `a/${'x'.repeat(1022)}`; // 1024 bytes
    const cjk = '漢'.repeat(341); // 1023 bytes
    const short = 'short.txt';
    for (const key of [ascii, cjk, short])
      await client.put(key, `body of ${key.length}`, { contentType: 'text/plain' });
    expect(store.keys()).toEqual([ascii, short, cjk].sort());
    expect((await client.get(cjk))?.text()).toBe('body of 341');
    expect((await client.list({ prefix: 'a/' })).objects.map((o) => o.key)).toEqual([ascii]);
    for (const name of readdirSync(dir)) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    await client.delete(ascii);
    expect(store.keys()).toEqual([short, cjk].sort());
    await expect(client.put(`${ascii}x`, 'too long')).rejects.toThrow(
      'object key must be 1-1024 bytes of UTF-8, as on S3 and R2 (got 1025 bytes)',
    );
    await expect(client.put('漢'.repeat(342), 'too long')).rejects.toThrow('(got 1026 bytes)');
    await expect(client.put('', 'empty')).rejects.toThrow('object key must be 1-1024 bytes');
  });
});
