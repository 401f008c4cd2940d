import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError, type App, type ValidationIssue } from 'anycloud';
import type { Degradation, NativeResource, TargetCheck } from 'anycloud/adapter';
import { loadTarget } from 'anycloud/testing';

/** How a construct fares on one target. */
export type CellStatus = 'ok' | 'degraded' | 'error';

/** One construct on one target: its status, native resources, degradations and errors. */
export interface CheckCell {
  readonly status: CellStatus;
  /** The native resources it becomes (empty when the target refused the app). */
  readonly natives: readonly NativeResource[];
  readonly degradations: readonly Degradation[];
  readonly errors: readonly ValidationIssue[];
}

/** One row of the matrix: a construct (or the app itself, which holds what the app shares). */
export interface CheckRow {
  readonly path: string;
  /** The construct's kind (`table`, `function`...), or `app`. */
  readonly kind: string;
  /** One cell per checked target, by target name. */
  readonly cells: Readonly<Record<string, CheckCell>>;
}

/** What `anycloud check` found: every construct on every target. */
export interface CheckReport {
  readonly app: string;
  readonly targets: readonly string[];
  /** True when the target built the app (false: it refused it; its errors are in the cells). */
  readonly built: Readonly<Record<string, boolean>>;
  readonly rows: readonly CheckRow[];
  /** Counts over every cell. */
  readonly totals: { readonly errors: number; readonly degradations: number };
}

const isValidationError = (error: unknown): error is ValidationError =>
  error instanceof ValidationError || (error as Error)?.name === 'ValidationError';

/**
 * One target's check of `app`, with bundles built in a temporary folder that is removed
 * afterwards (a check writes nothing into the project).
 */
export async function checkTarget(target: string, app: App): Promise<TargetCheck> {
  const buildDir = mkdtempSync(join(tmpdir(), `anycloud-check-${target}-`));
  try {
    return await loadTarget(target).check(app, { buildDir });
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

/** The row a path belongs to: the row itself, else its nearest ancestor row, else the app. */
function rowOf(path: string, paths: readonly string[], appPath: string): string {
  let best = appPath;
  for (const p of paths) if ((path === p || path.startsWith(`${p}/`)) && p.length > best.length) best = p;
  return best;
}

/**
 * Builds `app` for each of `targets` (their own `check`, bundles in a temporary folder removed
 * afterwards, so nothing is written into the project) and lays out what each construct becomes,
 * degrades or is refused on each. A ValidationError of a target is its answer, not a failure.
 */
export async function checkApp(app: App, targets: readonly string[]): Promise<CheckReport> {
  const constructs = app.node.findAll().filter((c) => c === app || 'kind' in c);
  const paths = constructs.map((c) => c.node.path);
  const cells = new Map<string, Record<string, CheckCell>>(paths.map((p) => [p, {}]));
  const built: Record<string, boolean> = {};
  let errors = 0;
  let degradationCount = 0;
  for (const target of targets) {
    let natives = new Map<string, readonly NativeResource[]>();
    let degradations: readonly Degradation[] = [];
    let issues: readonly ValidationIssue[] = [];
    try {
      const result = await checkTarget(target, app);
      natives = new Map(result.natives.map((n) => [n.path, n.resources]));
      degradations = result.degradations;
      built[target] = true;
    } catch (error) {
      if (!isValidationError(error)) throw error;
      issues = error.issues;
      built[target] = false;
    }
    for (const path of paths) {
      const own = <T extends { path: string }>(list: readonly T[]) =>
        list.filter((x) => rowOf(x.path, paths, app.node.path) === path);
      const cellErrors = own(issues);
      const cellDegradations = own(degradations);
      errors += cellErrors.length;
      degradationCount += cellDegradations.length;
      cells.get(path)![target] = {
        status: cellErrors.length > 0 ? 'error' : cellDegradations.length > 0 ? 'degraded' : 'ok',
        natives: natives.get(path) ?? [],
        degradations: cellDegradations,
        errors: cellErrors,
      };
    }
  }
  return {
    app: app.node.path,
    targets,
    built,
    rows: constructs.map((c) => ({
      path: c.node.path,
      kind: c === app ? 'app' : String((c as unknown as { kind: string }).kind),
      cells: cells.get(c.node.path)!,
    })),
    totals: { errors, degradations: degradationCount },
  };
}
