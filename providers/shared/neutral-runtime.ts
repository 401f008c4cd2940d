import { join, relative, resolve } from 'node:path';

/** The neutral runtime's source files, next to this module (`.ts` in the repository, `.js` in the package). */
const EXTENSION = __filename.endsWith('.ts') ? '.ts' : '.js';
/** The repository root with sources, `dist/` in the package. */
const ROOT = resolve(__dirname, '..', '..');

/**
 * Where esbuild reads the modules under `dir` from: `dir` itself in the repository; in the
 * package, its twin under `dist/esm/` (the function runtimes compiled as ES modules, which
 * esbuild can tree-shake, unlike the CommonJS next to this module).
 */
function bundledDir(dir: string): string {
  return EXTENSION === '.ts' ? dir : join(ROOT, 'esm', relative(ROOT, dir));
}

const RUNTIME_DIR = bundledDir(resolve(ROOT, 'lib', 'runtime'));

/**
 * esbuild aliases that point `anycloud/runtime` and `anycloud/runtime/host` at this copy of the
 * neutral runtime, so the user's handler and the target's shim share one copy in every bundle.
 */
export const NEUTRAL_RUNTIME_ALIASES: Readonly<Record<string, string>> = {
  'anycloud/runtime': resolve(RUNTIME_DIR, `index${EXTENSION}`),
  'anycloud/runtime/host': resolve(RUNTIME_DIR, `host-api${EXTENSION}`),
};

/**
 * The file esbuild bundles for the runtime module `name` (without extension) that ships in `dir`:
 * the `.ts` source in the repository, its ES module build (`dist/esm/...js`) in the package.
 */
export function sourceFile(dir: string, name: string): string {
  return resolve(bundledDir(dir), `${name}${EXTENSION}`);
}
