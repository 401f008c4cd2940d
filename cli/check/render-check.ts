import pc from 'picocolors';
import { countByType } from 'anycloud/adapter';
import type { CheckCell, CheckReport } from './check-report';

const MARK: Record<CheckCell['status'], string> = { ok: '✓', degraded: '⚠', error: '✗' };
const COLOUR: Record<CheckCell['status'], (s: string) => string> = {
  ok: pc.green,
  degraded: pc.yellow,
  error: pc.red,
};

/** A cell of the matrix: the mark, then how many native resources the construct becomes. */
function cellText(cell: CheckCell, built: boolean): string {
  return built ? `${MARK[cell.status]} ${cell.natives.length}` : MARK[cell.status];
}

/** Short path of a construct (below the app), the app itself as its name. */
const shortPath = (report: CheckReport, path: string) =>
  path === report.app ? report.app : path.slice(report.app.length + 1);

/**
 * The report as a person reads it: the matrix (construct × target: ✓, ⚠ degradation, ✗ error,
 * with the number of native resources), then every error and degradation with its reason, then
 * the native resources (types and counts) of each construct on each target.
 */
export function renderCheck(report: CheckReport): string {
  const lines: string[] = [];
  const names = report.rows.map((r) => shortPath(report, r.path));
  const pathWidth = Math.max('construct'.length, ...names.map((n) => n.length));
  const kindWidth = Math.max('kind'.length, ...report.rows.map((r) => r.kind.length));
  const widths = report.targets.map((t) =>
    Math.max(t.length, ...report.rows.map((r) => cellText(r.cells[t], report.built[t]).length)),
  );
  lines.push(
    pc.bold(
      [
        'construct'.padEnd(pathWidth),
        'kind'.padEnd(kindWidth),
        ...report.targets.map((t, i) => t.padEnd(widths[i])),
      ].join('  '),
    ),
  );
  report.rows.forEach((row, r) => {
    const cells = report.targets.map((t, i) => {
      const cell = row.cells[t];
      // The last column is not padded: no trailing spaces inside the colour codes.
      const width = i === report.targets.length - 1 ? 0 : widths[i];
      return COLOUR[cell.status](cellText(cell, report.built[t]).padEnd(width));
    });
    lines.push([names[r].padEnd(pathWidth), row.kind.padEnd(kindWidth), ...cells].join('  ').trimEnd());
  });
  lines.push(pc.dim('✓ fits  ⚠ degraded (below)  ✗ refused (below); the number counts native resources'));

  const errors = report.rows.flatMap((row) =>
    report.targets.flatMap((t) => row.cells[t].errors.map((e) => ({ t, e }))),
  );
  if (errors.length > 0) {
    lines.push('', pc.red(pc.bold(`✗ ${errors.length} error${errors.length === 1 ? '' : 's'}`)));
    for (const { t, e } of errors)
      lines.push(`  ${t.padEnd(10)}  ${pc.bold(e.path)}  ${e.message}  ${pc.dim(`[${e.rule}]`)}`);
  }
  const degradations = report.rows.flatMap((row) => report.targets.flatMap((t) => row.cells[t].degradations));
  if (degradations.length > 0) {
    lines.push(
      '',
      pc.yellow(pc.bold(`⚠ ${degradations.length} degradation${degradations.length === 1 ? '' : 's'}`)),
    );
    for (const d of degradations)
      lines.push(
        `  ${d.target.padEnd(10)}  ${pc.bold(d.path)}  ${pc.dim(`[${d.id}]`)}`,
        `              ${d.reason}`,
      );
  }

  lines.push('', pc.bold('native resources'));
  for (const row of report.rows) {
    const perTarget = report.targets
      .filter((t) => row.cells[t].natives.length > 0)
      .map((t) => {
        const counts = countByType(row.cells[t].natives.map((n) => n.type));
        return `    ${t.padEnd(10)}  ${counts.map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', ')}`;
      });
    if (perTarget.length === 0) continue;
    lines.push(`  ${pc.bold(row.path)} ${pc.dim(`(${row.kind})`)}`, ...perTarget);
  }
  const refused = report.targets.filter((t) => !report.built[t]);
  if (refused.length > 0)
    lines.push(
      pc.dim(
        `  (not built: ${refused.join(', ')} refused the app; fix the errors above to see their resources)`,
      ),
    );
  return `${lines.join('\n')}\n`;
}
