import { ValidationError, type App, type ValidationIssue } from 'anycloud';
import { synth, type BuiltInTargets } from 'anycloud/testing';

type OptionsOf<T extends keyof BuiltInTargets> = NonNullable<Parameters<typeof synth<T>>[2]>;

/** Every issue `target` reports for `app` (none when it synthesizes); any other error is thrown. */
export async function issuesOf<T extends keyof BuiltInTargets>(
  app: App,
  target: T,
  options: OptionsOf<T> = {} as OptionsOf<T>,
): Promise<ValidationIssue[]> {
  try {
    await synth(app, target, options);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  return [];
}

/** The issues of one rule. */
export const rule = (issues: readonly ValidationIssue[], name: string) =>
  issues.filter((i) => i.rule === name);
