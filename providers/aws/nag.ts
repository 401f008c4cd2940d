import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One acknowledged cdk-nag finding, with the reason it is acceptable. */
export interface NagAcknowledgement {
  readonly id: string;
  readonly reason: string;
  readonly appliesTo?: readonly (string | { readonly regex: string })[];
}

/**
 * Records acknowledged cdk-nag findings on the CloudFormation resource behind `construct`
 * (the metadata cdk-nag reads), so users running cdk-nag see our reasons, not noise.
 */
export function acknowledge(construct: IConstruct, findings: readonly NagAcknowledgement[]): void {
  const cfn = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(cfn instanceof CfnResource)) return;
  const existing =
    (cfn.getMetadata('cdk_nag') as { rules_to_suppress?: unknown[] } | undefined)?.rules_to_suppress ?? [];
  cfn.addMetadata('cdk_nag', {
    rules_to_suppress: [
      ...existing,
      ...findings.map((f) => ({
        id: f.id,
        reason: f.reason,
        ...(f.appliesTo ? { applies_to: [...f.appliesTo] } : {}),
      })),
    ],
  });
}
