import type { ValidationIssue } from 'anycloud';
import { describeValue } from 'anycloud/adapter';
import type { Construct } from 'constructs';
import type { AwsBuildOptions } from './adapter';

/** CDK context keys an AWS build reads when its options do not set them (`cdk deploy -c anycloud:destroyData=true`). */
export const AWS_CONTEXT_KEYS = {
  logRetentionDays: 'anycloud:logRetentionDays',
  destroyData: 'anycloud:destroyData',
  externalAwsSdk: 'anycloud:externalAwsSdk',
} as const;

/** A context value given on the command line is a string (`-c key=true`); one from cdk.json keeps its JSON type. */
function asBoolean(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function asNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/**
 * The AWS build options the CDK context of `scope` gives (`cdk.json` `context`, or `-c` on the
 * command line), and an issue for each value of the wrong type.
 */
export function awsOptionsFromContext(
  scope: Construct,
  path: string,
): { options: Partial<AwsBuildOptions>; issues: ValidationIssue[] } {
  const options: { -readonly [K in keyof AwsBuildOptions]?: AwsBuildOptions[K] } = {};
  const issues: ValidationIssue[] = [];
  const read = <T>(key: string, parse: (v: unknown) => T | undefined, expected: string): T | undefined => {
    const raw = scope.node.tryGetContext(key) as unknown;
    if (raw === undefined) return undefined;
    const value = parse(raw);
    if (value === undefined)
      issues.push({
        path,
        rule: 'aws.context',
        value: raw,
        message: `CDK context ${key} must be ${expected} (got ${describeValue(raw)})`,
      });
    return value;
  };
  options.logRetentionDays = read(AWS_CONTEXT_KEYS.logRetentionDays, asNumber, 'a number of days');
  options.destroyData = read(AWS_CONTEXT_KEYS.destroyData, asBoolean, 'true or false');
  options.externalAwsSdk = read(AWS_CONTEXT_KEYS.externalAwsSdk, asBoolean, 'true or false');
  for (const key of Object.keys(options) as (keyof AwsBuildOptions)[])
    if (options[key] === undefined) delete options[key];
  return { options, issues };
}
