import { resolve } from 'node:path';
import { Command } from 'commander';
import { targetNames } from 'anycloud/testing';
import { checkCommand } from './commands/check';
import { dev } from './commands/dev';
import { graphCommand } from './commands/graph';
import { init } from './commands/init';
import { invoke } from './commands/invoke';
import { synthCommand } from './commands/synth';
import { reportError } from './print-errors';

/** Runs the `anycloud` command with `argv` (as process.argv); resolves when the command is done. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('anycloud')
    .description('Write a serverless app once; run it here, deploy it to any cloud.')
    .showHelpAfterError()
    .option(
      '-r, --require <module>',
      'load this module first, e.g. a target plugin that calls registerTarget from anycloud/adapter (repeatable)',
      (module: string, previous: string[]) => [...previous, module],
      [] as string[],
    )
    .hook('preAction', (command) => {
      for (const module of (command.opts().require as string[] | undefined) ?? []) {
        if (/\.[cm]?tsx?$/.test(module)) require('tsx/cjs'); // a TypeScript plugin, as for the app
        require(module.startsWith('.') || module.startsWith('/') ? resolve(module) : module);
      }
    });
  // Commander passes each command's arguments, then its options.
  const run =
    <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
      } catch (error) {
        process.exitCode = reportError(error);
      }
    };
  program
    .command('dev')
    .description('run the app on this machine: HTTP routes, schedules, queues, topics, buckets, tables')
    .argument(
      '[app]',
      'module whose default export is an App (or a folder with anycloud.app.ts)',
      'anycloud.app.ts',
    )
    .option('-p, --port <port>', 'HTTP port', '3000')
    .action(run(dev));
  program
    .command('synth')
    .description("write each target's deterministic JSON (and the CDK cloud assembly for aws)")
    .argument(
      '[app]',
      'module whose default export is an App (or a folder with anycloud.app.ts)',
      'anycloud.app.ts',
    )
    .option(
      '-t, --target <target>',
      `${targetNames().join(', ')} (or a registered plugin target), or all`,
      'all',
    )
    .option('-o, --out <dir>', 'output folder', 'anycloud.out')
    .action(run(synthCommand));
  program
    .command('check')
    .description(
      'what every construct becomes on every target, what a target refuses (✗) and where it degrades (⚠); writes nothing',
    )
    .argument(
      '[app]',
      'module whose default export is an App (or a folder with anycloud.app.ts)',
      'anycloud.app.ts',
    )
    .option(
      '-t, --target <targets>',
      `all, or some of ${targetNames().join(', ')} separated by commas`,
      'all',
    )
    .option('--strict', 'exit 1 on any degradation too (not only on errors)')
    .option('--json', 'print the report as JSON')
    .action(run(checkCommand));
  program
    .command('graph')
    .description('draw the app: functions, their triggers and their grants (svg, mermaid or png)')
    .argument(
      '[app]',
      'module whose default export is an App (or a folder with anycloud.app.ts)',
      'anycloud.app.ts',
    )
    .option('-f, --format <format>', 'svg, mermaid or png (png uses the Chromium on this machine)', 'svg')
    .option(
      '-t, --target <target>',
      `list the native resource names of ${targetNames().join(', ')} under each construct`,
    )
    .option('-o, --out <file>', 'write to this file (default: standard output; png needs it)')
    .action(run(graphCommand));
  program
    .command('invoke')
    .description('run one function locally with an event and print what it returned')
    .argument('<function>', 'construct id of the function')
    .option('-e, --event <file>', 'JSON event file')
    .option('-a, --app <app>', 'module whose default export is an App', 'anycloud.app.ts')
    .option('-s, --state <dir>', 'local state folder (default: the one `anycloud dev` uses)')
    .action(run(invoke));
  program
    .command('init')
    .description('create a new project: an app, a handler, a test, CDK and Pulumi entry points')
    .argument('[dir]', 'folder to create (new or empty)', '.')
    .action(run(init));
  await program.parseAsync([...argv]);
}
