/** Values of a deployed stack's resources: what `Ref` and `Fn::GetAtt` return for each logical id. */
export interface DeployedValues {
  ref: Record<string, string>;
  attributes: Record<string, Record<string, string>>;
}

/** Resolves the intrinsic functions anycloud's templates use (Ref, Fn::GetAtt, Fn::Join, Fn::Sub of pseudo parameters). */
export function resolveIntrinsics(value: unknown, deployed: DeployedValues): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, deployed));
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') {
    const pseudo: Record<string, string> = {
      'AWS::Region': 'us-east-1',
      'AWS::AccountId': '000000000000',
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    const found = pseudo[v.Ref] ?? deployed.ref[v.Ref];
    if (found === undefined) throw new Error(`harness: nothing deployed for Ref ${v.Ref}`);
    return found;
  }
  if (Array.isArray(v['Fn::GetAtt'])) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    const found = deployed.attributes[id]?.[attribute];
    if (found === undefined) throw new Error(`harness: nothing deployed for Fn::GetAtt ${id}.${attribute}`);
    return found;
  }
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => resolveIntrinsics(p, deployed)).join(separator);
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(v)) out[key] = resolveIntrinsics(inner, deployed);
  return out;
}
