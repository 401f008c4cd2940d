import type { App, Function, ValidationIssue } from 'anycloud';
import { ValidationError } from 'anycloud';
import { resourcesOf } from '../../lib/adapter';
import type { Bundle } from './bundle-cache';
import { bundleFunctions } from './bundle-functions';

/** How a target validates and bundles an app before it declares anything. */
export interface ValidateThenBundle<B extends Bundle> {
  /** The target's name (`<target>.function.bundle` issues). */
  readonly target: string;
  /** The target's rule issues (limits, names, settings), reported with the neutral ones. */
  readonly issues: readonly ValidationIssue[];
  /** Issues found once the app is valid (missing secret values...), reported with the bundle issues. */
  readonly lateIssues?: () => readonly ValidationIssue[];
  /** Bundles one function (throws a BundleError when it does not bundle). */
  bundle(fn: Function): B;
  /** Checks one built bundle (e.g. a size limit). */
  check?(fn: Function, bundle: B): ValidationIssue | undefined;
}

/**
 * The kernel's first step of every build: validate the app (neutral and target rules, all at
 * once), then bundle every function and check the bundles, reporting every problem at once.
 * Nothing is declared before this returns, so a failing app leaves nothing half-built.
 */
export function validateThenBundle<B extends Bundle>(
  app: App,
  steps: ValidateThenBundle<B>,
): Map<Function, B> {
  app.validate(steps.issues);
  const issues: ValidationIssue[] = [...(steps.lateIssues?.() ?? [])];
  const { bundles, issues: bundleIssues } = bundleFunctions(
    resourcesOf(app, 'function'),
    steps.target,
    (fn) => steps.bundle(fn),
  );
  issues.push(...bundleIssues);
  if (steps.check) {
    for (const [fn, bundle] of bundles) {
      const issue = steps.check(fn, bundle);
      if (issue) issues.push(issue);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return bundles;
}
