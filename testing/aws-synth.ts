import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as CdkApp } from 'aws-cdk-lib';
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
      collectNested(stack.template, stack.stackName, outdir, templates);
    }
    return {
      target: 'aws',
      templates: normalize(templates, [process.cwd(), outdir]) as Record<string, Json>,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function collectNested(
  template: { Resources?: Record<string, { Type: string; Metadata?: Record<string, unknown> }> },
  path: string,
  outdir: string,
  into: Record<string, Json>,
): void {
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
    const file = resource.Metadata?.['aws:asset:path'];
    if (typeof file !== 'string') continue;
    const nested = JSON.parse(readFileSync(join(outdir, file), 'utf8'));
    const nestedPath = `${path}/${logicalId}`;
    into[nestedPath] = nested as Json;
    collectNested(nested, nestedPath, outdir, into);
  }
}
