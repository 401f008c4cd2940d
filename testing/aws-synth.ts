import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as CdkApp, NestedStack } from 'aws-cdk-lib';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import type { App } from 'anycloud';
import { AwsStack, type AwsBuildOptions } from 'anycloud/aws';
import { normalize, type Json } from './normalize';

/** The AWS synth document: every template (nested ones included), keyed by stack path. */
export interface AwsSynthDocument {
  readonly target: 'aws';
  readonly templates: Record<string, Json>;
}

/** Synthesizes `app` for AWS in a throw-away cloud assembly and returns its templates, normalized. */
export function synthAws(app: App, options: AwsBuildOptions = {}): AwsSynthDocument {
  const outdir = mkdtempSync(join(tmpdir(), 'anycloud-synth-'));
  try {
    const cdkApp = new CdkApp({ outdir, analyticsReporting: false });
    new AwsStack(cdkApp, `${app.name}-${app.stage}`, { app, ...options });
    const assembly = cdkApp.synth();
    const templates: Record<string, Json> = {};
    for (const artifact of assembly.artifacts) {
      if (!('template' in artifact)) continue;
      const stack = artifact as CloudFormationStackArtifact;
      templates[stack.stackName] = stack.template as Json;
    }
    // Nested stack templates are assets of their parent; key them as parent/NestedId.
    for (const nested of cdkApp.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack)) {
      const parent = nested.nestedStackParent!;
      templates[`${parent.stackName}/${nested.node.id}`] = JSON.parse(
        readFileSync(join(outdir, nested.templateFile), 'utf8'),
      ) as Json;
    }
    return {
      target: 'aws',
      templates: normalize(templates, [process.cwd(), outdir]) as Record<string, Json>,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
