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
      issues.push({
        path: fn.node.path,
        rule: `${target}.function.bundle`,
        value: fn.entry,
        message: `cannot bundle handler "${fn.handler}": ${error.message}`,
      });
    }
  }
  return { bundles, issues };
}
