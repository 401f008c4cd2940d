import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'anycloud';

/** The app module used when none is given. */
export const DEFAULT_APP_FILE = 'anycloud.app.ts';

/** Thrown for mistakes of the person at the keyboard: printed without a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Loads the App that `target` (a module, or a folder holding `anycloud.app.ts`) exports by
 * default. A TypeScript app is compiled on the fly by tsx, registered here on first use (the CLI
 * itself is plain JavaScript in the package).
 */
export function loadApp(target: string = DEFAULT_APP_FILE): { app: App; file: string } {
  let file = resolve(target);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, DEFAULT_APP_FILE);
  if (!existsSync(file))
    throw new UsageError(
      `no app module at ${file}: pass a module whose default export is an App (default ./${DEFAULT_APP_FILE})`,
    );

  if (/\.[cm]?tsx?$/.test(file)) require('tsx/cjs');
  const exported = require(file) as { default?: unknown };
  const app = exported.default;
  if (!App.isApp(app))
    throw new UsageError(`${file} must export an anycloud App as its default export (export default app)`);
  return { app, file };
}
