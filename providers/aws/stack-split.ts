import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { type Function, type ValidationIssue } from 'anycloud';
import { hasAsyncTriggers, type FunctionTriggers } from 'anycloud/adapter';

/**
 * Estimated CloudFormation resources a function brings with it: function, role, policy,
 * log group; per route a route, an integration and a permission; per asynchronous source
 * a rule or schedule and a permission; the dead-letter queue and its policy.
 */
export function estimateFunctionResources(t: FunctionTriggers): number {
  return (
    4 +
    (hasAsyncTriggers(t) ? 3 : 0) +
    3 * t.routes.length +
    3 * t.schedules.length +
    2 * t.objectEvents.length +
    1 * t.queues.length +
    2 * t.topics.length
  );
}

/**
 * Splits functions into groups whose estimated resources fit one nested stack. Returns a
 * single group when the whole app fits the parent stack. Order is the app's tree order.
 */
export function planFunctionGroups(
  functions: readonly Function[],
  triggersOf: (fn: Function) => FunctionTriggers,
  options: { readonly parentBudget: number; readonly nestedBudget: number; readonly dataResources: number },
): { readonly split: boolean; readonly groups: Function[][] } {
  const sizes = functions.map((fn) => estimateFunctionResources(triggersOf(fn)));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total + options.dataResources <= options.parentBudget)
    return { split: false, groups: [[...functions]] };
  const groups: Function[][] = [];
  let current: Function[] = [];
  let used = 0;
  functions.forEach((fn, index) => {
    if (current.length > 0 && used + sizes[index] > options.nestedBudget) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(fn);
    used += sizes[index];
  });
  if (current.length > 0) groups.push(current);
  return { split: true, groups };
}

/** Counts CloudFormation resources per stack under `root`, and reports stacks over `limit`. */
export function checkStackSizes(
  root: IConstruct,
  limit: number,
): { counts: Map<Stack, number>; issues: ValidationIssue[] } {
  const counts = new Map<Stack, number>();
  for (const c of root.node.findAll()) {
    if (c instanceof CfnResource) {
      const stack = Stack.of(c);
      counts.set(stack, (counts.get(stack) ?? 0) + 1);
    }
  }
  const issues: ValidationIssue[] = [];
  for (const [stack, count] of counts) {
    if (count > limit) {
      issues.push({
        path: stack.node.path,
        rule: 'aws.stack.resources',
        value: count,
        message: `a CloudFormation stack holds at most ${limit} resources, this one would hold ${count}: too many data resources for one stack`,
      });
    }
  }
  return { counts, issues };
}
