import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as CdkApp, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { App } from 'anycloud';
import { nativesByConstruct, type TargetCheck, type TargetCheckOptions } from '../shared/target-check';
import { AwsStack } from './adapter';
import { constructIdOf } from './construct-id';
import { stackIdOf } from './synth';

/** Grouping constructs the HttpApi builder puts routes under (not constructs of their own). */
const GROUPS = new Set(['HttpRoutes', 'AuthorizedHttpRoutes']);

/**
 * The neutral construct a CDK construct was made for: builders name their constructs by the
 * construct id of the neutral node (`Orders`, `Uploads-ObjectCreated-0`, `Api-GETorders`), so
 * the first scope below the stack (or below a route group) names it; the longest match wins.
 */
function ownerFinder(app: App): (construct: IConstruct) => string | undefined {
  const byId = new Map(app.node.findAll().map((c) => [constructIdOf(c), c.node.path]));
  const ids = [...byId.keys()].filter((id) => id !== '').sort((a, b) => b.length - a.length);
  return (construct) => {
    const scopes = construct.node.scopes;
    let index = scopes.findIndex((s) => Stack.isStack(s) && !(s instanceof NestedStack)) + 1;
    while (
      index < scopes.length &&
      (scopes[index] instanceof NestedStack || GROUPS.has(scopes[index].node.id))
    )
      index++;
    const top = scopes[index]?.node.id;
    if (top === undefined) return undefined;
    const id = ids.find((candidate) => top === candidate || top.startsWith(`${candidate}-`));
    return id === undefined ? undefined : byId.get(id);
  };
}

/**
 * `anycloud check` on AWS: builds the app's stack in memory (bundles in `options.buildDir`, no
 * cloud assembly written) and lists each construct's CloudFormation resources by logical id.
 */
export function checkAws(app: App, options: TargetCheckOptions): TargetCheck {
  const outdir = mkdtempSync(join(tmpdir(), 'anycloud-check-'));
  try {
    const cdkApp = new CdkApp({ outdir, analyticsReporting: false });
    const stack = new AwsStack(cdkApp, stackIdOf(app), { app, buildDir: options.buildDir });
    const resources = stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
    const natives = nativesByConstruct(
      app,
      resources,
      (r) => ({ type: r.cfnResourceType, name: Stack.of(r).getLogicalId(r) }),
      ownerFinder(app),
    );
    return { natives, degradations: stack.build.degradations };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
