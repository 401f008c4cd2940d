/** An IAM policy statement with its intrinsic functions resolved. */
export interface IamStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly NotAction?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

/**
 * What IAM decides for one request against an identity's statements. Identity-based policies
 * only: resource policies (a queue's or bucket's TLS-only deny, a KMS key policy) are not
 * evaluated here.
 */
export type IamDecision = 'allowed' | 'explicitly denied' | 'implicitly denied';

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** IAM's wildcard match: `*` any run of characters, `?` one character. */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/**
 * IAM's evaluation of identity-based statements for one action on one resource: an explicit
 * Deny wins, then any Allow, else the implicit deny. Actions match without case, resources
 * with case. Statements with NotAction, NotResource or Condition are refused (anycloud writes
 * none, and evaluating them half-way would allow what IAM refuses).
 */
export function decide(statements: readonly IamStatement[], action: string, resource: string): IamDecision {
  const applies = (s: IamStatement) => {
    if (s.NotAction !== undefined || s.NotResource !== undefined || s.Condition !== undefined)
      throw new Error(`IAM evaluation: unsupported statement ${JSON.stringify(s)}`);
    return (
      list(s.Action).some((a) => matchesWildcard(a, action, true)) &&
      list(s.Resource).some((r) => matchesWildcard(r, resource))
    );
  };
  if (statements.some((s) => s.Effect === 'Deny' && applies(s))) return 'explicitly denied';
  return statements.some((s) => s.Effect === 'Allow' && applies(s)) ? 'allowed' : 'implicitly denied';
}
