import { type App, type ValidationIssue } from 'anycloud';
import { describeValue, resourcesOf } from 'anycloud/adapter';

/** Checks `app` against the local target's rules; returns every issue found. */
export function checkLocalRules(app: App): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // One server serves every HttpApi, so two APIs cannot claim the same route.
  const seen = new Map<string, string>();
  for (const api of resourcesOf(app, 'http-api')) {
    for (const { key } of api.routes) {
      const shape = `${key.method} ${key.shape}`;
      const owner = seen.get(shape);
      if (owner && owner !== api.node.path) {
        issues.push({
          path: api.node.path,
          rule: 'local.route.conflict',
          value: `${key.method} ${key.path}`,
          message: `the local target serves every HttpApi on one port, and ${owner} already has this route (got ${describeValue(`${key.method} ${key.path}`)})`,
        });
      } else {
        seen.set(shape, api.node.path);
      }
    }
  }
  return issues;
}
