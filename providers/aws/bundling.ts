import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildSync, version as esbuildVersion, type BuildOptions } from 'esbuild';
import type { GrantableKind, NodeVersion } from 'anycloud';

/** What one function bundle is made of. */
export interface BundleRequest {
  /** Absolute path of the user's handler file. */
  readonly entry: string;
  /** Export name of the handler. */
  readonly exportName: string;
  /** Kinds of the clients to include (from the function's grants); others stay out of the bundle. */
  readonly clientKinds: readonly GrantableKind[];
  readonly nodeVersion: NodeVersion;
  /** Leave `@aws-sdk/*` out of the bundle and use the copy the Lambda Node.js runtime ships. @default false */
  readonly externalAwsSdk?: boolean;
}

/** A built bundle: a directory holding `index.js` and `index.js.map`. */
export interface Bundle {
  /** Directory to deploy as the function's code asset. */
  readonly assetDir: string;
  /** Size of `index.js` in bytes. */
  readonly bytes: number;
  /** True when the bundle came from the cache without running esbuild. */
  readonly cached: boolean;
}

const RUNTIME_DIR = join(__dirname, 'runtime');
const NEUTRAL_RUNTIME = resolve(__dirname, '..', '..', 'lib', 'runtime', 'index.ts');

/** Client factory per kind, bundled only when a grant needs it. */
const CLIENT_MODULES: Readonly<Record<GrantableKind, { readonly file: string; readonly factory: string }>> = {
  table: { file: 'dynamodb-table-client.ts', factory: 'dynamoDbTableClient' },
  bucket: { file: 's3-bucket-client.ts', factory: 's3BucketClient' },
  queue: { file: 'sqs-queue-client.ts', factory: 'sqsQueueClient' },
  topic: { file: 'sns-topic-client.ts', factory: 'snsTopicClient' },
  secret: { file: 'secrets-manager-secret-client.ts', factory: 'secretsManagerSecretClient' },
};

function toImportPath(path: string): string {
  return JSON.stringify(path.split('\\').join('/'));
}

/** The generated entry module: user handler + AWS shim + the granted kinds' clients. */
export function generatedEntry(request: BundleRequest): string {
  const kinds = [...new Set(request.clientKinds)].sort();
  const lines = [
    `import { ${request.exportName} as userHandler } from ${toImportPath(request.entry)};`,
    `import { createLambdaHandler } from ${toImportPath(join(RUNTIME_DIR, 'lambda-handler.ts'))};`,
    ...kinds.map(
      (k) =>
        `import { ${CLIENT_MODULES[k].factory} } from ${toImportPath(join(RUNTIME_DIR, CLIENT_MODULES[k].file))};`,
    ),
    `export const handler = createLambdaHandler(userHandler, { ${kinds
      .map((k) => `${k}: ${CLIENT_MODULES[k].factory}`)
      .join(', ')} });`,
  ];
  return lines.join('\n');
}

/** esbuild could not bundle a function (missing export, syntax error, unresolved import). */
export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
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
}

/**
 * Bundles functions with esbuild: one minified CommonJS bundle with source map per
 * function, cached on disk by content hash (of the generated entry, the options and every
 * input file), so an unchanged function is not rebuilt. Identical bundles are shared.
 */
export class Bundler {
  private readonly memo = new Map<string, Bundle>();

  /** @param buildDir where bundles are kept; relative paths in source maps start here. */
  constructor(private readonly buildDir: string) {}

  /** Builds (or reuses) the bundle for `request`. */
  bundle(request: BundleRequest): Bundle {
    const contents = generatedEntry(request);
    const options: BuildOptions = {
      stdin: { contents, resolveDir: dirname(request.entry), sourcefile: 'anycloud-entry.ts', loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: request.nodeVersion === 'nodejs22' ? 'node22' : 'node24',
      minify: true,
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      treeShaking: true,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: this.buildDir,
      external: request.externalAwsSdk ? ['@aws-sdk/*'] : [],
      // User code and the shim share one copy of the neutral runtime.
      alias: { 'anycloud/runtime': NEUTRAL_RUNTIME },
    };
    const key = sha256(
      JSON.stringify({ contents, target: options.target, external: options.external, esbuildVersion, v: 2 }),
    );
    const memoized = this.memo.get(key);
    if (memoized) return memoized;

    const dir = join(this.buildDir, key.slice(0, 16));
    const assetDir = join(dir, 'asset');
    const manifestPath = join(dir, 'manifest.json');
    const fromCache = this.readCache(manifestPath, assetDir);
    if (fromCache) {
      this.memo.set(key, fromCache);
      return fromCache;
    }

    mkdirSync(this.buildDir, { recursive: true });
    const staging = `${dir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    let result: ReturnType<typeof buildSync>;
    try {
      result = buildSync({ ...options, outfile: join(staging, 'asset', 'index.js') });
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
    const bytes = statSync(join(staging, 'asset', 'index.js')).size;
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify({ inputs, bytes } satisfies CacheManifest));
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    const bundle: Bundle = { assetDir, bytes, cached: false };
    this.memo.set(key, bundle);
    return bundle;
  }

  private readCache(manifestPath: string, assetDir: string): Bundle | undefined {
    if (!existsSync(manifestPath) || !existsSync(join(assetDir, 'index.js'))) return undefined;
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CacheManifest;
      for (const [input, cached] of Object.entries(manifest.inputs)) {
        const file = resolve(this.buildDir, input);
        if (!existsSync(file)) return undefined;
        const { size, mtimeMs } = statSync(file);
        if (size === cached.size && mtimeMs === cached.mtimeMs) continue; // unchanged: skip hashing
        if (sha256(readFileSync(file)) !== cached.hash) return undefined;
      }
      return { assetDir, bytes: manifest.bytes, cached: true };
    } catch {
      return undefined;
    }
  }
}
