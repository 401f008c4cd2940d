import { targetNames } from 'anycloud/testing';
import { checkApp, type CheckReport } from '../check/check-report';
import { renderCheck } from '../check/render-check';
import { loadApp, UsageError } from '../load-app';
import { withSpinner } from '../spinner';

/** Options of `anycloud check`. */
export interface CheckCommandOptions {
  /** `all`, or target names separated by commas. */
  readonly target: string;
  /** Exit 1 on any degradation too. */
  readonly strict?: boolean;
  /** Print the report as JSON (for CI) instead of the matrix. */
  readonly json?: boolean;
}

/** The targets `--target` names: `all` (every registered target) or a comma-separated list. */
export function targetsOf(option: string): string[] {
  const known = targetNames();
  if (option === 'all') return known;
  const wanted = option
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const unknown = wanted.filter((t) => !known.includes(t));
  if (wanted.length === 0 || unknown.length > 0)
    throw new UsageError(
      `unknown target ${JSON.stringify(unknown[0] ?? option)}: use ${[...known, 'all'].join(', ')} (several separated by commas)`,
    );
  return [...new Set(wanted)];
}

/** The exit code of a report: 1 on any error, and with `strict` on any degradation. */
export function exitCodeOf(report: CheckReport, strict: boolean): number {
  return report.totals.errors > 0 || (strict && report.totals.degradations > 0) ? 1 : 0;
}

/**
 * `anycloud check [app] --target all|aws,... [--strict] [--json]`: what every construct becomes on
 * every target, what each target refuses (✗) and where it degrades (⚠), all at once; writes
 * nothing into the project.
 */
export async function checkCommand(
  appModule: string | undefined,
  options: CheckCommandOptions,
): Promise<void> {
  const targets = targetsOf(options.target);
  const { app } = loadApp(appModule);
  const report = await withSpinner(`checking ${app.node.path} on ${targets.join(', ')}`, () =>
    checkApp(app, targets),
  );
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderCheck(report));
  process.exitCode = exitCodeOf(report, options.strict === true);
}
