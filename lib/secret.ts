import type { Construct } from 'constructs';
import type { Function } from './function';
import { grantAccess, Resource } from './resource';

/** Properties of a {@link Secret}. */
export interface SecretProps {
  /** What the secret holds; shown in the cloud console. */
  readonly description?: string;
}

/**
 * A secret value kept in the target's secret store. The value is set out of band
 * (never in code); functions granted `grantRead` read it at run time.
 */
export class Secret extends Resource {
  readonly kind = 'secret' as const;
  /** Description of the secret. */
  readonly description?: string;

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    super(scope, id);
    const p = this.propsObject<SecretProps>(props, 'an object');
    if (p.description !== undefined && (typeof p.description !== 'string' || p.description.length > 256)) {
      this.addIssue(
        'secret.description',
        p.description,
        'description must be a string of at most 256 characters',
      );
    }
    this.description = typeof p.description === 'string' ? p.description : undefined;
  }

  /** Lets `fn` read the secret's value. */
  grantRead(fn: Function): void {
    grantAccess(this, fn, 'read', 'grantRead');
  }
}
