import { dirname, join } from 'node:path';
import type { GrantableKind } from 'anycloud';
import { BundleCache, BundleError, type Bundle } from '../shared/bundle-cache';
import type { RuntimeClientModule } from '../shared/kind-builders';
import { NEUTRAL_RUNTIME_ALIASES, sourceFile } from '../shared/neutral-runtime';

export { BundleError, type Bundle };

const RUNTIME_DIR = join(__dirname, 'runtime');

/** The file name of every function package's main module. */
export const MAIN_FILE = 'index.js';

const importPath = (path: string) => JSON.stringify(path.split('\\').join('/'));

/** What one function package is built from. */
export interface FunctionPackageRequest {
  /** Absolute path of the user's handler file. */
  readonly entry: string;
  /** Export name of the handler. */
  readonly exportName: string;
  /** The client module of each granted kind (from the builders); others stay out of the bundle. */
  readonly clients: Readonly<Partial<Record<GrantableKind, RuntimeClientModule>>>;
  /** The app's `host.json`. */
  readonly hostJson: string;
}

/** The generated entry of a function package: the user's handler + the v4 shim + the granted kinds' clients. */
export function functionEntry(request: FunctionPackageRequest): string {
  const kinds = (Object.keys(request.clients) as GrantableKind[]).sort();
  const clients = request.clients as Readonly<Record<string, RuntimeClientModule>>;
  return [
    `import { ${request.exportName} as userHandler } from ${importPath(request.entry)};`,
    `import { registerFunctionApp } from ${importPath(sourceFile(RUNTIME_DIR, 'function-app'))};`,
    ...kinds.map((k) => `import { ${clients[k].factory} } from ${importPath(clients[k].file)};`),
    `registerFunctionApp(userHandler, { ${kinds.map((k) => `${k}: ${clients[k].factory}`).join(', ')} });`,
  ].join('\n');
}

/** The package.json at the root of every package: the Node.js worker loads `main`. */
const PACKAGE_JSON = `${JSON.stringify({ name: 'anycloud-function', private: true, main: MAIN_FILE }, null, 2)}\n`;

/**
 * Builds function packages: one minified CommonJS bundle per function (user code, the
 * `@azure/functions` v4 shim, the granted kinds' Azure SDK clients; only
 * `@azure/functions-core`, which the Node.js worker injects, stays external) with its
 * `host.json` and `package.json`, cached on disk by content. The package folder is what
 * `released-package.zip` holds.
 */
export class FunctionPackager {
  private readonly cache: BundleCache;

  constructor(buildDir: string) {
    this.cache = new BundleCache(buildDir);
  }

  /** The package of a function. */
  package(request: FunctionPackageRequest): Bundle {
    return this.cache.bundle({
      contents: functionEntry(request),
      resolveDir: dirname(request.entry),
      outName: MAIN_FILE,
      extraFiles: { 'host.json': request.hostJson, 'package.json': PACKAGE_JSON },
      options: {
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        mainFields: ['module', 'main'],
        minify: true,
        sourcemap: 'linked',
        sourcesContent: false,
        legalComments: 'none',
        treeShaking: true,
        external: ['@azure/functions-core'],
        // ESM builds of the Azure SDKs read `import.meta.url` (createRequire): give it the bundle's own URL.
        define: { 'import.meta.url': '__anycloudImportMetaUrl' },
        banner: { js: "var __anycloudImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
        alias: { ...NEUTRAL_RUNTIME_ALIASES },
      },
    });
  }
}
