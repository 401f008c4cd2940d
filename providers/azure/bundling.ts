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

/** What one function package is built from: the handler, its granted clients, and the app's `host.json`. */
export interface FunctionPackageRequest extends Omit<NodeFunctionRequest, 'parts'> {
  /** The app's `host.json`. */
  readonly hostJson: string;
  /** The kinds of triggers the function registers (the others' code stays out of the bundle). */
  readonly triggers: readonly AzureTriggerPart[];
}

/** A kind of trigger the shim registers, and the module that registers it. */
export type AzureTriggerPart = keyof typeof TRIGGER_PARTS;

const TRIGGER_PARTS = {
  routes: { file: sourceFile(RUNTIME_DIR, 'http-trigger'), factory: 'registerRoutes' },
  queues: { file: sourceFile(RUNTIME_DIR, 'queue-trigger'), factory: 'registerQueues' },
  timers: { file: sourceFile(RUNTIME_DIR, 'timer-trigger'), factory: 'registerTimers' },
} as const;

/** The Azure Functions v4 shim every package registers the handler with. */
const SHIM: FunctionShim = { file: sourceFile(RUNTIME_DIR, 'function-app'), register: 'registerFunctionApp' };

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
      contents: nodeFunctionEntry({ ...request, parts: request.triggers.map((t) => TRIGGER_PARTS[t]) }, SHIM),
      resolveDir: dirname(request.entry),
      outName: MAIN_FILE,
      extraFiles: { 'host.json': request.hostJson, 'package.json': PACKAGE_JSON },
      options: nodePackageOptions(['@azure/functions-core']),
    });
  }
}
