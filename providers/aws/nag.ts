import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One acknowledged policy-validation finding (cdk-nag or another plugin), with the reason it is acceptable. */
export interface NagAcknowledgement {
  /** Rule id, e.g. `AwsSolutions-SQS3`, or one finding of it, e.g. `AwsSolutions-IAM5[Resource::...]`. */
  readonly id: string;
  readonly reason: string;
}

/**
 * Acknowledges findings on `construct` through CDK's own `Validations` API (what cdk-nag v3
 * reads), so users running cdk-nag see our written reasons instead of noise.
 */
export function acknowledge(construct: IConstruct, findings: readonly NagAcknowledgement[]): void {
  for (const finding of findings)
    Validations.of(construct).acknowledge({ id: finding.id, reason: finding.reason });
}

/** Flattens a resolved CloudFormation reference the way cdk-nag names findings (`<Logical.Arn>/*`). */
export function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const n = node as Record<string, unknown>;
  if (Array.isArray(n['Fn::Join'])) {
    const [delimiter, items] = n['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (n['Fn::Sub'] !== undefined) return flattenReference(n['Fn::Sub']);
  if (Array.isArray(n['Fn::GetAtt'])) {
    const [resource, attribute] = n['Fn::GetAtt'] as unknown[];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (n['Fn::ImportValue'] !== undefined) return flattenReference(n['Fn::ImportValue']);
  if (n.Ref !== undefined) return `<${flattenReference(n.Ref)}>`;
  return JSON.stringify(node);
}

/**
 * Acknowledges AwsSolutions-IAM5 for the wildcard *resources* (never actions) of `policy`,
 * e.g. `<bucket ARN>/*` for object-level S3 actions. The finding ids depend on logical ids
 * and cross-stack parameters, which are only final once CDK has prepared the app, so the
 * acknowledgement is made in a validation hook that runs after that.
 */
export function acknowledgeWildcardResources(policy: IConstruct, reason: string): void {
  const cfn = policy instanceof CfnResource ? policy : policy.node.defaultChild;
  if (!(cfn instanceof CfnResource)) return;
  cfn.node.addValidation({
    validate: () => {
      const document = Stack.of(cfn).resolve(
        (cfn as unknown as { policyDocument: unknown }).policyDocument,
      ) as {
        Statement?: { Effect: string; Resource: unknown }[];
      };
      for (const statement of document.Statement ?? []) {
        if (statement.Effect !== 'Allow') continue;
        for (const resource of ([] as unknown[]).concat(statement.Resource)) {
          const flat = flattenReference(resource);
          if (flat.includes('*')) acknowledge(cfn, [{ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason }]);
        }
      }
      return [];
    },
  });
}
