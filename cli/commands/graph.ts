import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { targetNames } from 'anycloud/testing';
import { checkTarget } from '../check/check-report';
import { appGraph } from '../graph/app-graph';
import { toMermaid } from '../graph/mermaid';
import { svgToPng } from '../graph/png';
import { toSvg } from '../graph/svg';
import { loadApp, UsageError } from '../load-app';
import { withSpinner } from '../spinner';

/** Formats `anycloud graph` writes. */
export const GRAPH_FORMATS = ['svg', 'mermaid', 'png'] as const;

/** Options of `anycloud graph`. */
export interface GraphCommandOptions {
  readonly format: string;
  /** A target whose native resource names are listed under each construct. */
  readonly target?: string;
  /** A file to write; standard output when not given (not for png). */
  readonly out?: string;
}

/**
 * `anycloud graph [app] --format svg|mermaid|png [--target t] [--out file]`: the app as a
 * picture (functions, their triggers, their grants with access levels; with `--target`, the
 * native resource names under each construct).
 */
export async function graphCommand(
  appModule: string | undefined,
  options: GraphCommandOptions,
): Promise<void> {
  const format = options.format as (typeof GRAPH_FORMATS)[number];
  if (!GRAPH_FORMATS.includes(format))
    throw new UsageError(`unknown format "${options.format}": use ${GRAPH_FORMATS.join(', ')}`);
  if (format === 'png' && !options.out) throw new UsageError('--format png needs --out <file.png>');
  if (options.target !== undefined && !targetNames().includes(options.target))
    throw new UsageError(`unknown target "${options.target}": use ${targetNames().join(', ')}`);
  const { app } = loadApp(appModule);
  let natives;
  if (options.target) {
    const target = options.target;
    natives = (await withSpinner(`building ${app.node.path} for ${target}`, () => checkTarget(target, app)))
      .natives;
  }
  const graph = appGraph(app, { target: options.target, natives });
  const output: string | Buffer =
    format === 'mermaid'
      ? toMermaid(graph)
      : format === 'svg'
        ? await toSvg(graph)
        : svgToPng(await toSvg(graph));
  if (options.out) {
    writeFileSync(resolve(options.out), output);
    process.stderr.write(`wrote ${options.out}\n`);
  } else process.stdout.write(output);
}
