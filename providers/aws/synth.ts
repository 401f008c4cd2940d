import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App as CdkApp, NestedStack } from 'aws-cdk-lib';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import type { App } from 'anycloud';
import { AwsStack, type AwsBuild, type AwsBuildOptions } from './adapter';
import { normalize, type Json } from '../shared/normalize';

/** The AWS synth document: every template (nested ones included), keyed by stack path. */
export interface AwsSynthDocument {
  readonly target: 'aws';
  readonly templates: Record<string, Json>;
}

/** Synthesizes `app` for AWS in a throw-away cloud assembly and returns its templates, normalized. */
export function synthAws(app: App, options: AwsBuildOptions = {}): AwsSynthDocument {
  return synthAwsAssembly(app, options).document;
}

/**
 * The stack of `app`: `<name>-<stage>`. An invalid name or stage (reported by the App's own
 * ValidationError with every other issue) must not make CDK throw first, so a stand-in is used.
 */
export function stackIdOf(app: App): string {
  const id = `${app.name}-${app.stage}`;
  return /^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(id) ? id : 'anycloud-app';
}

/**
 * Synthesizes `app` for AWS; returns the normalized document and the build. With
 * `assemblyDir`, the CDK cloud assembly is kept there (written in full, then moved into place).
 */
export function synthAwsAssembly(
  app: App,
  options: AwsBuildOptions = {},
  assemblyDir?: string,
): { document: AwsSynthDocument; build: AwsBuild } {
  const outdir = mkdtempSync(join(tmpdir(), 'anycloud-synth-'));
  try {
    const cdkApp = new CdkApp({ outdir, analyticsReporting: false });
    const stack = new AwsStack(cdkApp, stackIdOf(app), { app, ...options });
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
    const document: AwsSynthDocument = {
      target: 'aws',
      templates: normalize(templates, [process.cwd(), outdir]) as Record<string, Json>,
    };
    if (assemblyDir) {
      rmSync(assemblyDir, { recursive: true, force: true });
      mkdirSync(dirname(assemblyDir), { recursive: true });
      cpSync(outdir, assemblyDir, { recursive: true });
    }
    return { document, build: stack.build };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
