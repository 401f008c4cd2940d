import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { ValidationError, type ValidationIssue } from 'anycloud';
import { loadTarget, targetNames, type SynthArtifacts } from 'anycloud/testing';
import { loadApp, UsageError } from '../load-app';
import { withSpinner } from '../spinner';

/** Prints one target's summary: headline, resources per type, then one size per bundle. */
function printSummary(target: string, out: string, artifacts: SynthArtifacts): void {
  const { summary, files } = artifacts;
  process.stdout.write(`${pc.green('✔')} ${target} → ${join(out, files[0])}\n`);
  process.stdout.write(`  ${summary.headline}\n`);
  const names = [...summary.resourceTypes.map(([t]) => t), ...summary.bundles.map(([n]) => n)];
  if (names.length === 0) return;
  const width = Math.max('function'.length, ...names.map((k) => k.length));
  for (const [type, n] of summary.resourceTypes)
    process.stdout.write(`  ${type.padEnd(width)}  ${String(n).padStart(4)}\n`);
  if (summary.bundles.length === 0) return;
  process.stdout.write(`  ${pc.bold('function'.padEnd(width))}  bundle\n`);
  for (const [name, bytes] of summary.bundles)
    process.stdout.write(`  ${name.padEnd(width)}  ${(bytes / 1024).toFixed(1).padStart(7)} KB\n`);
}

/**
 * `anycloud synth [app] --target <name>|all --out dir`: writes each registered target's
 * deterministic JSON (and its native artifacts, e.g. the CDK cloud assembly).
 */
export async function synthCommand(
  appModule: string | undefined,
  options: { target: string; out: string },
): Promise<void> {
  const known = targetNames();
  const wanted = options.target === 'all' ? known : [options.target];
  for (const t of wanted) {
    if (!known.includes(t))
      throw new UsageError(`unknown target "${t}": use ${[...known, 'all'].join(', ')}`);
  }
  const { app } = loadApp(appModule);
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  // Every target is synthesized into a staging folder first: when one fails, nothing in
  // `out` changes (no half-written output); when all succeed, the files move into place.
  const staging = mkdtempSync(join(out, '.anycloud-synth-'));
  const results: [string, SynthArtifacts][] = [];
  try {
    // Every target's issues at once: a user fixing an app for `all` sees each target's rules.
    const issues = new Map<string, ValidationIssue>();
    for (const t of wanted) {
      const target = loadTarget(t);
      const engine = target.engine === 'pulumi' ? ' (Pulumi program under mocks)' : '';
      try {
        results.push([
          t,
          await withSpinner(`synthesizing for ${t}${engine}`, () => target.synthTo(app, staging)),
        ]);
      } catch (error) {
        const isValidation = error instanceof ValidationError || (error as Error)?.name === 'ValidationError';
        if (!isValidation || wanted.length === 1) throw error;
        for (const i of (error as ValidationError).issues)
          issues.set(`${i.path}\n${i.rule}\n${i.message}`, i);
      }
    }
    if (issues.size > 0) throw new ValidationError([...issues.values()]);
    for (const [, artifacts] of results) {
      for (const name of artifacts.files) {
        rmSync(join(out, name), { recursive: true, force: true });
        renameSync(join(staging, name), join(out, name));
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  for (const [t, artifacts] of results) printSummary(t, out, artifacts);
}
