import type { App, ValidationIssue } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';

/**
 * The `<target>.httpApi.auth` issue of every HttpApi with auth on a target that does not map it
 * yet: deploying such an API would leave routes public that the app protects, so it is refused.
 */
export function unmappedAuthIssues(app: App, target: string, label: string): ValidationIssue[] {
  return resourcesOf(app, 'http-api')
    .filter((api) => api.auth !== undefined || api.routes.some((r) => r.auth.kind === 'jwt'))
    .map((api) => ({
      path: api.node.path,
      rule: `${target}.httpApi.auth`,
      value: api.auth?.issuer,
      message: `JWT auth is not mapped on ${label} yet: deploying would leave the protected routes public; deploy this API to a target that maps it (local), or remove auth`,
    }));
}
