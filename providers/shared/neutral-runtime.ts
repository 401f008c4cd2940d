import { resolve } from 'node:path';

/** The neutral runtime's source files, next to this module (`.ts` in the repository, `.js` in the package). */
const EXTENSION = __filename.endsWith('.ts') ? '.ts' : '.js';
const RUNTIME_DIR = resolve(__dirname, '..', '..', 'lib', 'runtime');

/**
 * esbuild aliases that point `anycloud/runtime` and `anycloud/runtime/host` at this copy of the
 * neutral runtime, so the user's handler and the target's shim share one copy in every bundle.
 */
export const NEUTRAL_RUNTIME_ALIASES: Readonly<Record<string, string>> = {
  'anycloud/runtime': resolve(RUNTIME_DIR, `index${EXTENSION}`),
  'anycloud/runtime/host': resolve(RUNTIME_DIR, `host-api${EXTENSION}`),
};

/** The file of a module that ships next to `dir` (`name` without extension): `.ts` in the repository, `.js` in the package. */
export function sourceFile(dir: string, name: string): string {
  return resolve(dir, `${name}${EXTENSION}`);
}
