import { join } from 'node:path';
import { App, Function, HttpApi, ValidationError, type ValidationIssue } from 'anycloud';
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

/** The conformance handlers: every target's limit tests build their apps on them. */
export const CONFORMANCE_HANDLERS = join(__dirname, '..', 'conformance', 'handlers.ts');

/** A small valid app (one routed function, `limits/Echo`), extended by `setup` to break one rule. */
export function smallApp(setup?: (app: App, fn: Function) => void): App {
  const app = new App({ name: 'limits' });
  const fn = new Function(app, 'Echo', { entry: CONFORMANCE_HANDLERS, handler: 'echo' });
  new HttpApi(app, 'Api').route('GET /echo/{name}', fn);
  setup?.(app, fn);
  return app;
}
