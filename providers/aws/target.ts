import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import type { Json } from '../shared/normalize';
import { countByType } from '../shared/synth-summary';
import { checkAws } from './check';
import type { TargetDescriptor } from '../shared/target-descriptor';
import type { AwsBuildOptions } from './adapter';
import { synthAws, synthAwsAssembly, type AwsSynthDocument } from './synth';

function resourceTypes(templates: Record<string, Json>): string[] {
  return Object.values(templates).flatMap((template) =>
    Object.values((template as { Resources?: Record<string, { Type: string }> }).Resources ?? {}).map(
      (r) => r.Type,
    ),
  );
}

/** AWS: the app as a CDK Stack (nested stacks when it outgrows one), synthesized in-process. */
export const awsTarget: TargetDescriptor<AwsSynthDocument, AwsBuildOptions> = {
  name: 'aws',
  engine: 'cdk',
  description: 'AWS: Lambda, API Gateway, DynamoDB, S3, SQS, SNS, EventBridge (aws-cdk-lib)',
  synth: async (app: App, options?: AwsBuildOptions) => synthAws(app, options),
  check: async (app, options) => checkAws(app, options),
  synthTo: async (app, dir) => {
    const { document, build } = synthAwsAssembly(app, {}, join(dir, 'aws.cdk.out'));
    writeFileSync(join(dir, 'aws.json'), `${JSON.stringify(document, null, 2)}\n`);
    const types = countByType(resourceTypes(document.templates));
    return {
      files: ['aws.json', 'aws.cdk.out'],
      summary: {
        headline: `${Object.keys(document.templates).length} template(s), ${types.reduce((n, [, c]) => n + c, 0)} resources (+ CDK cloud assembly in aws.cdk.out)`,
        resourceTypes: types,
        bundles: resourcesOf(app, 'function').map((fn) => [fn.node.path, build.bundleOf(fn).bytes] as const),
      },
    };
  },
};
