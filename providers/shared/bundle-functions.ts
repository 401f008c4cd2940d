import type { Function, ValidationIssue } from 'anycloud';
import { BundleError, type Bundle } from './bundle-cache';

/**
 * Bundles every function before anything is declared: a handler that does not bundle becomes a
 * `<target>.function.bundle` issue, reported with all the others, so nothing is half-built.
 */
export function bundleFunctions<B extends Bundle>(
  functions: readonly Function[],
  target: string,
  bundle: (fn: Function) => B,
): { bundles: Map<Function, B>; issues: ValidationIssue[] } {
  const bundles = new Map<Function, B>();
  const issues: ValidationIssue[] = [];
  for (const fn of functions) {
    try {
      bundles.set(fn, bundle(fn));
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      issues.push(bundleIssue(fn, target, error.message));
    }
  }
  return { bundles, issues };
}

/** The `<target>.function.bundle` issue of a function whose handler does not bundle. */
export function bundleIssue(fn: Function, target: string, reason: string): ValidationIssue {
  return {
    path: fn.node.path,
    rule: `${target}.function.bundle`,
    value: fn.entry,
    message: `cannot bundle handler "${fn.handler}": ${reason}`,
  };
}
