import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildSync, version as esbuildVersion, type BuildOptions } from 'esbuild';

/** What to bundle: a generated entry module and the esbuild options of the target. */
export interface BundleSpec {
  /** Source of the entry module (TypeScript). */
  readonly contents: string;
  /** Directory the entry's relative imports resolve from. */
  readonly resolveDir: string;
  /** File name of the output inside the asset directory, e.g. `index.js` or `worker.mjs`. */
  readonly outName: string;
  /** Other files to write next to the output (name → text), e.g. an Azure function's `host.json`. */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /** The target's esbuild options (format, platform, target, external, alias, conditions...). */
  readonly options: Omit<
    BuildOptions,
    'stdin' | 'outfile' | 'outdir' | 'write' | 'metafile' | 'absWorkingDir' | 'entryPoints'
  >;
}

/** A built bundle: a directory holding the output file and its source map. */
export interface Bundle {
  /** Directory to deploy as the function's code. */
  readonly assetDir: string;
  /** Path of the output file. */
  readonly file: string;
  /** Size of the output file in bytes. */
  readonly bytes: number;
  /** True when the bundle came from the cache without running esbuild. */
  readonly cached: boolean;
  /** Imports left external (`node:crypto`, `@aws-sdk/client-s3`...), sorted. */
  readonly externalImports: readonly string[];
}

/** esbuild could not bundle a function (missing export, syntax error, unresolved import). */
export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

/** One input file of a cached bundle: its content hash, and size and mtime to skip re-hashing. */
interface CachedInput {
  readonly hash: string;
  readonly size: number;
  readonly mtimeMs: number;
}

interface CacheManifest {
  readonly inputs: Record<string, CachedInput>;
  readonly bytes: number;
  readonly externalImports: string[];
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Bundles with esbuild and caches the output on disk by content: the key covers the entry,
 * the options and esbuild's version; a cached bundle is reused while every input file still
 * has the hash it was built from. Identical bundles in one process are built once.
 */
export class BundleCache {
  private readonly memo = new Map<string, Bundle>();

  /** @param buildDir where bundles are kept; relative paths in source maps start here. */
  constructor(private readonly buildDir: string) {}

  /** Builds (or reuses) the bundle of `spec`; throws {@link BundleError} when esbuild fails. */
  bundle(spec: BundleSpec): Bundle {
    const key = sha256(
      JSON.stringify({
        contents: spec.contents,
        outName: spec.outName,
        ...(spec.extraFiles ? { extraFiles: spec.extraFiles } : {}),
        options: spec.options,
        esbuildVersion,
        v: 3,
      }),
    );
    const memoized = this.memo.get(key);
    if (memoized) return memoized;

    const dir = join(this.buildDir, key.slice(0, 16));
    const assetDir = join(dir, 'asset');
    const fromCache = this.readCache(join(dir, 'manifest.json'), assetDir, spec.outName);
    if (fromCache) {
      this.memo.set(key, fromCache);
      return fromCache;
    }

    mkdirSync(this.buildDir, { recursive: true });
    const staging = `${dir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    let result: ReturnType<typeof buildSync>;
    try {
      result = buildSync({
        ...spec.options,
        stdin: {
          contents: spec.contents,
          resolveDir: spec.resolveDir,
          sourcefile: 'anycloud-entry.ts',
          loader: 'ts',
        },
        bundle: true,
        metafile: true,
        logLevel: 'silent',
        absWorkingDir: this.buildDir,
        outfile: join(staging, 'asset', spec.outName),
      });
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      const messages = (
        error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }
      ).errors;
      throw new BundleError(
        messages?.length
          ? messages
              .map((m) => (m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text))
              .join('; ')
          : String(error),
      );
    }
    const inputs: Record<string, CachedInput> = {};
    for (const input of Object.keys(result.metafile?.inputs ?? {})) {
      const file = resolve(this.buildDir, input);
      if (!existsSync(file)) continue;
      const { size, mtimeMs } = statSync(file);
      inputs[relative(this.buildDir, file)] = { hash: sha256(readFileSync(file)), size, mtimeMs };
    }
    const externalImports = [
      ...new Set(
        Object.values(result.metafile?.outputs ?? {}).flatMap((o) =>
          o.imports.filter((i) => i.external).map((i) => i.path),
        ),
      ),
    ].sort();
    const bytes = statSync(join(staging, 'asset', spec.outName)).size;
    for (const [name, text] of Object.entries(spec.extraFiles ?? {}))
      writeFileSync(join(staging, 'asset', name), text);
    writeFileSync(
      join(staging, 'manifest.json'),
      JSON.stringify({ inputs, bytes, externalImports } satisfies CacheManifest),
    );
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    const bundle: Bundle = {
      assetDir,
      file: join(assetDir, spec.outName),
      bytes,
      cached: false,
      externalImports,
    };
    this.memo.set(key, bundle);
    return bundle;
  }

  private readCache(manifestPath: string, assetDir: string, outName: string): Bundle | undefined {
    if (!existsSync(manifestPath) || !existsSync(join(assetDir, outName))) return undefined;
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CacheManifest;
      for (const [input, cached] of Object.entries(manifest.inputs)) {
        const file = resolve(this.buildDir, input);
        if (!existsSync(file)) return undefined;
        const { size, mtimeMs } = statSync(file);
        if (size === cached.size && mtimeMs === cached.mtimeMs) continue; // unchanged: skip hashing
        if (sha256(readFileSync(file)) !== cached.hash) return undefined;
      }
      return {
        assetDir,
        file: join(assetDir, outName),
        bytes: manifest.bytes,
        cached: true,
        externalImports: manifest.externalImports ?? [],
      };
    } catch {
      return undefined;
    }
  }
}
