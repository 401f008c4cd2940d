import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Secret } from 'anycloud';

/** The environment variable that holds a secret's local value: `ANYCLOUD_SECRET_<ID>` (upper case, `-` → `_`). */
export function secretEnvName(secret: Secret): string {
  return `ANYCLOUD_SECRET_${secret.node.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Local secret values: from the environment (`ANYCLOUD_SECRET_<ID>`) or from the git-ignored
 * `.anycloud/secrets.json` (`{ "<app>/<SecretId>": "value" }` or `{ "<SecretId>": "value" }`).
 * A missing secret fails with how to set it.
 */
export class LocalSecrets {
  private readonly file: string;

  constructor(
    projectDir: string,
    private readonly overrides: Readonly<Record<string, string>> = {},
  ) {
    this.file = join(projectDir, '.anycloud', 'secrets.json');
  }

  value(secret: Secret): string {
    const env = process.env[secretEnvName(secret)];
    if (env !== undefined) return env;
    const fromOverrides = this.overrides[secret.node.id];
    if (fromOverrides !== undefined) return fromOverrides;
    if (existsSync(this.file)) {
      const values = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>;
      const found = values[secret.node.path] ?? values[secret.node.id];
      if (typeof found === 'string') return found;
    }
    throw new Error(
      `secret "${secret.node.path}" has no local value: set ${secretEnvName(secret)}=... or add "${secret.node.path}": "..." to ${this.file}`,
    );
  }
}
