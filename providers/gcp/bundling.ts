import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BundleCache, BundleError, type Bundle } from '../shared/bundle-cache';
import { sourceFile } from '../shared/neutral-runtime';
import {
  nodeFunctionEntry,
  nodePackageOptions,
  type FunctionShim,
  type NodeFunctionRequest,
} from '../shared/node-function-package';

export { BundleError, type Bundle };

const RUNTIME_DIR = join(__dirname, 'runtime');

/** The file name of every function package's main module. */
export const MAIN_FILE = 'index.js';

/** The Functions Framework version the packages declare (Cloud Build installs it; it serves the function). */
export const FUNCTIONS_FRAMEWORK_VERSION = '5.0.5';

/** The function's entry point: the name the shim registers with the Functions Framework. */
export { ENTRY_POINT } from './runtime/function-settings';

/** What one function package is built from: the handler and its granted clients. */
export type FunctionPackageRequest = NodeFunctionRequest;

/** The Functions Framework shim every package registers the handler with. */
const SHIM: FunctionShim = { file: sourceFile(RUNTIME_DIR, 'function-entry'), register: 'registerFunction' };

/**
 * The package.json at the root of every package: Cloud Build installs its one dependency, the
 * Functions Framework (left out of the bundle: the runtime starts it and loads `main`).
 */
const PACKAGE_JSON = `${JSON.stringify(
  {
    name: 'anycloud-function',
    private: true,
    main: MAIN_FILE,
    dependencies: { '@google-cloud/functions-framework': FUNCTIONS_FRAMEWORK_VERSION },
  },
  null,
  2,
)}\n`;

/** A package's content hash (main module and package.json): names its source object, so a change redeploys. */
export function packageHash(bundle: Bundle): string {
  const hash = createHash('sha256');
  for (const name of [MAIN_FILE, 'package.json']) hash.update(readFileSync(join(bundle.assetDir, name)));
  return hash.digest('hex');
}

/**
 * Builds function packages: one minified CommonJS bundle per function (user code, the
 * Functions Framework shim, the granted kinds' Google Cloud clients) and its `package.json`,
 * cached on disk by content. The package folder is what the source zip holds.
 */
export class FunctionPackager {
  private readonly cache: BundleCache;

  constructor(buildDir: string) {
    this.cache = new BundleCache(buildDir);
  }

  /** The package of a function. */
  package(request: FunctionPackageRequest): Bundle {
    return this.cache.bundle({
      contents: nodeFunctionEntry(request, SHIM),
      resolveDir: dirname(request.entry),
      outName: MAIN_FILE,
      extraFiles: { 'package.json': PACKAGE_JSON },
      options: nodePackageOptions(['@google-cloud/functions-framework']),
    });
  }
}
