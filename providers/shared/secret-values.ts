import * as pulumi from '@pulumi/pulumi';
import type { App, Secret, ValidationIssue } from 'anycloud';
import { resourcesOf } from '../../lib/adapter';

/** Pulumi config key holding the value of Secret `id` (namespace `anycloud`): `secret-<id>`. */
export function secretConfigKey(id: string): string {
  return `secret-${id}`;
}

/**
 * The value of every Secret some function is granted, as a Pulumi secret: from `secretValue`
 * when given, else from Pulumi secret config `anycloud:secret-<id>`. A granted secret without a
 * value is a `<target>.secret.missing` issue naming the `pulumi config set` command.
 */
export function readSecretValues(
  app: App,
  target: string,
  secretValue?: (secret: Secret) => pulumi.Output<string> | undefined,
): { readonly values: Map<Secret, pulumi.Output<string>>; readonly issues: ValidationIssue[] } {
  const config = new pulumi.Config('anycloud');
  const values = new Map<Secret, pulumi.Output<string>>();
  const issues: ValidationIssue[] = [];
  const granted = new Set(resourcesOf(app, 'function').flatMap((fn) => fn.grants.map((g) => g.resource)));
  for (const secret of resourcesOf(app, 'secret')) {
    if (!granted.has(secret)) continue; // no function reads it
    const key = secretConfigKey(secret.node.id);
    const value = secretValue ? secretValue(secret) : config.getSecret(key);
    if (value === undefined) {
      issues.push({
        path: secret.node.path,
        rule: `${target}.secret.missing`,
        value: `anycloud:${key}`,
        message: `secret ${secret.node.id} has no value: run pulumi config set --secret anycloud:${key} <value>`,
      });
    } else {
      values.set(secret, pulumi.secret(value));
    }
  }
  return { values, issues };
}
