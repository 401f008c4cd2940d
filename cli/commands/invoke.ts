import { readFileSync } from 'node:fs';
import { LocalApp, StateInUseError } from 'anycloud/local';
import { loadApp, UsageError } from '../load-app';

/**
 * `anycloud invoke <function> [--event file.json] [--app path] [--state dir]`: runs one function
 * locally, on the state `anycloud dev` uses unless `--state` says otherwise (so it sees the same
 * tables and buckets; its builds are cached there too), and prints what it returned.
 */
export async function invoke(
  functionId: string,
  options: { event?: string; app?: string; state?: string },
): Promise<void> {
  const { app } = loadApp(options.app);
  let event: Record<string, unknown> = {};
  if (options.event) {
    try {
      event = JSON.parse(readFileSync(options.event, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`cannot read the event file ${options.event}: ${(error as Error).message}`);
    }
  }
  const stateDir = LocalApp.stateDirOf(app, { stateDir: options.state });
  const local = await LocalApp.start(app, { stateDir }).catch((error: unknown) => {
    if (error instanceof StateInUseError)
      throw new UsageError(
        `${error.message}. While \`anycloud dev\` runs, call the function through it, or invoke on another state with --state <dir>`,
      );
    throw error;
  });
  try {
    const result = await local.invoke(functionId, event).catch((error: Error) => {
      if (/app has no function/.test(error.message))
        throw new UsageError(
          `${error.message}; functions: ${app.node
            .findAll()
            .filter((c) => (c as { kind?: string }).kind === 'function')
            .map((c) => c.node.id)
            .join(', ')}`,
        );
      throw error;
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await local.close();
  }
}
