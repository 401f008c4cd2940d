import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import type { GrantableKind } from 'anycloud';
import type { RuntimeClientModule } from '../shared/kind-builders';
import { BundleCache, BundleError, type Bundle } from '../shared/bundle-cache';
import { NEUTRAL_RUNTIME_ALIASES, sourceFile } from '../shared/neutral-runtime';

export { BundleError, type Bundle };

const RUNTIME_DIR = join(__dirname, 'runtime');

/** The file name of every Worker's main module. */
export const MAIN_MODULE = 'worker.js';

function toImportPath(path: string): string {
  return JSON.stringify(path.split('\\').join('/'));
}

/** A Worker event handler: `fetch` (routes), `scheduled` (cron triggers), `queue` (messages and R2 events). */
export type WorkerPart = 'fetch' | 'scheduled' | 'queue';

const PART_MODULES: Readonly<Record<WorkerPart, RuntimeClientModule>> = {
  fetch: { file: sourceFile(RUNTIME_DIR, 'worker-fetch'), factory: 'fetchPart' },
  scheduled: { file: sourceFile(RUNTIME_DIR, 'worker-scheduled'), factory: 'scheduledPart' },
  queue: { file: sourceFile(RUNTIME_DIR, 'worker-queue'), factory: 'queuePart' },
};

/** What one function Worker is built from. */
export interface WorkerBundleRequest {
  /** Absolute path of the user's handler file. */
  readonly entry: string;
  /** Export name of the handler. */
  readonly exportName: string;
  /** The client module of each granted kind (from the builders); others stay out of the bundle. */
  readonly clients: Readonly<Partial<Record<GrantableKind, RuntimeClientModule>>>;
  /** Event handlers to include (from the function's triggers). */
  readonly parts: readonly WorkerPart[];
}

/**
 * The generated entry of a function Worker: the user's handler + the Worker shim with only the
 * event parts its triggers use + the granted kinds' clients.
 */
export function workerEntry(request: WorkerBundleRequest): string {
  const kinds = (Object.keys(request.clients) as GrantableKind[]).sort();
  const clients = request.clients as Readonly<Record<string, RuntimeClientModule>>;
  const parts = [...new Set(request.parts)].sort();
  const imports = [...kinds.map((k) => clients[k]), ...parts.map((p) => PART_MODULES[p])];
  const record = (names: readonly string[], modules: Readonly<Record<string, { factory: string }>>) =>
    `{ ${names.map((n) => `${n}: ${modules[n].factory}`).join(', ')} }`;
  return [
    `import { ${request.exportName} as userHandler } from ${toImportPath(request.entry)};`,
    `import { createWorker } from ${toImportPath(sourceFile(RUNTIME_DIR, 'worker-shim'))};`,
    ...imports.map((m) => `import { ${m.factory} } from ${toImportPath(m.file)};`),
    `export default createWorker(userHandler, ${record(kinds, clients)}, ${record(parts, PART_MODULES)});`,
  ].join('\n');
}

/** True when a bundle imports Node.js built-ins, so its Worker needs the `nodejs_compat` flag. */
export function needsNodeCompat(bundle: Bundle): boolean {
  return bundle.externalImports.some(
    (i) => i.startsWith('node:') || builtinModules.includes(i.split('/')[0]),
  );
}

/**
 * Bundles Workers: one minified ES module per function (and one gateway), for workerd
 * (`workerd`/`worker`/`browser` export conditions), Node.js built-ins left to `nodejs_compat`,
 * cached on disk by content.
 */
export class WorkerBundler {
  private readonly cache: BundleCache;

  constructor(buildDir: string) {
    this.cache = new BundleCache(buildDir);
  }

  /** The Worker of a function. */
  function(request: WorkerBundleRequest): Bundle {
    return this.build(workerEntry(request), dirname(request.entry));
  }

  /** The gateway Worker of HttpApis. */
  gateway(): Bundle {
    return this.build(
      `export { default } from ${toImportPath(sourceFile(RUNTIME_DIR, 'gateway-worker'))};`,
      RUNTIME_DIR,
    );
  }

  /** The reader Worker of tables and buckets granted read-only (RPC entrypoints with reads only). */
  reader(): Bundle {
    const table = toImportPath(sourceFile(RUNTIME_DIR, 'table-reader-worker'));
    const bucket = toImportPath(sourceFile(RUNTIME_DIR, 'bucket-reader'));
    return this.build(
      `export { default, TableReader } from ${table};\nexport { BucketReader } from ${bucket};`,
      RUNTIME_DIR,
    );
  }

  private build(contents: string, resolveDir: string): Bundle {
    return this.cache.bundle({
      contents,
      resolveDir,
      outName: MAIN_MODULE,
      options: {
        platform: 'neutral',
        format: 'esm',
        target: 'es2022',
        conditions: ['workerd', 'worker', 'browser'],
        mainFields: ['browser', 'module', 'main'],
        minify: true,
        sourcemap: 'linked',
        sourcesContent: false,
        legalComments: 'none',
        treeShaking: true,
        external: ['node:*', 'cloudflare:*', ...builtinModules],
        alias: { ...NEUTRAL_RUNTIME_ALIASES },
      },
    });
  }
}
