import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'anycloud';
import { LocalApp, type LocalOptions } from 'anycloud/local';

/**
 * Runs `app` on the local target for a test: its own temporary state folder, a fake clock
 * (`env.advance('1 day')` fires schedules), no background delivery (`env.drain()` delivers
 * every pending message and event). `env.close()` stops it; pass the same `stateDir` to a
 * second `local()` to test a restart.
 */
export async function local(app: App, options: LocalOptions = {}): Promise<LocalApp> {
  return LocalApp.start(app, {
    stateDir: options.stateDir ?? mkdtempSync(join(tmpdir(), `anycloud-local-${app.name}-`)),
    clock: 'fake',
    background: false,
    ...options,
  });
}
