import { App as CdkApp, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { App } from 'anycloud';
import { AwsStack, type AwsBuild, type AwsBuildOptions } from 'anycloud/aws';

/**
 * Runs `fn` with aws-cdk-lib's built-in CloudFormation validator switched on or off.
 * Unit tests switch it off for speed; tests that synthesize an example keep it on.
 */
export function withCdkValidation<T>(enabled: boolean, fn: () => T): T {
  const previous = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = enabled ? 'true' : 'false';
  try {
    return fn();
  } finally {
    if (previous === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previous;
  }
}

/** Builds `app` into a fresh AwsStack and returns its assertions Template (validator off). */
export function awsTemplate(
  app: App,
  options: AwsBuildOptions = {},
): { template: Template; build: AwsBuild; stack: Stack } {
  return withCdkValidation(false, () => {
    const stack = new AwsStack(new CdkApp({ analyticsReporting: false }), 'Test', { app, ...options });
    return { template: Template.fromStack(stack), build: stack.build, stack };
  });
}

/** Every IAM action in a template, flattened. */
export function allActions(template: Template): string[] {
  const actions: string[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      actions.push(...([] as string[]).concat(statement.Action));
    }
  }
  return actions;
}
