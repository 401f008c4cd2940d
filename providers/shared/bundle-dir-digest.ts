import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A bundle cache folder: `.../.anycloud/build/<target>/<cache key>/asset`. */
const BUNDLE_DIR = /(\.anycloud[\\/]build[\\/][A-Za-z0-9_-]+[\\/])([0-9a-f]{16})([\\/]asset)\b/;

const digests = new Map<string, string>();

/** SHA-256 of a folder's files (relative names and contents, in name order). */
function folderDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        hash
          .update(`${relative(dir, path)}\0`)
          .update(readFileSync(path))
          .update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/**
 * A path into the bundle cache with its cache key (a hash of the build's inputs, absolute paths
 * included, so it differs between checkouts) replaced by the SHA-256 of the folder's contents:
 * the same app gives the same document in any checkout. Other text is returned as is.
 */
export function withContentDigest(text: string): string {
  const match = BUNDLE_DIR.exec(text);
  if (!match) return text;
  const dir = text.slice(0, match.index + match[0].length);
  let digest = digests.get(dir);
  if (!digest) {
    try {
      digest = folderDigest(dir);
    } catch {
      return text; // not a folder on this machine: leave the path alone
    }
    digests.set(dir, digest);
  }
  return text.replace(BUNDLE_DIR, `$1${digest}$3`);
}
