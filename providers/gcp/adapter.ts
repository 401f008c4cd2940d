import { join } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import type { App, GrantableKind } from 'anycloud';
import { resourcesOf, runBuilders } from 'anycloud/adapter';
import { checkPulumiApp, PulumiTargetBuild, type CheckedPulumiApp } from '../shared/checked-pulumi-app';
import { componentsOf } from '../shared/pulumi-component';
import { declareAppResources } from './app-resources';
import { GCP_BUILDERS } from './builders';
import { FunctionPackager, type Bundle } from './bundling';
import type { GcpBuildContext, GcpGrantParts } from './context';
import { checkGcpLimits } from './limits';
import type { GcpNativeArgs, GcpNatives } from './natives';
import type { GcpBuildOptions, GcpSettings } from './settings';

/** A grant GCP cannot scope to the single resource, and what it opens instead. */
export interface WidenedGrant {
  readonly function: string;
  readonly resource: string;
  readonly access: string;
  /** What the role is granted on (Firestore: the app's database, so every table of the app). */
  readonly grantedOn: string;
  readonly reason: string;
}

/** The result of building an app for GCP: native resources and packages per construct (`nativeOf`, `packageOf`). */
export class GcpBuild extends PulumiTargetBuild<GcpNatives, Bundle> {
  /** @internal */
  constructor(
    natives: CheckedApp['natives'],
    packages: CheckedApp['packages'],
    outputs: Readonly<Record<string, pulumi.Input<string>>>,
    /** Grants GCP cannot scope as narrowly as the app asks (reported, never hidden). */
    readonly widenedGrants: readonly WidenedGrant[],
    degradations: CheckedApp['degradations'],
  ) {
    super(natives, packages, 'GCP', outputs, degradations);
  }
}

type CheckedApp = CheckedPulumiApp<GcpNatives, GcpNativeArgs, Bundle>;

/** Validates `app` for GCP (neutral rules, GCP limits, settings, secrets), then packages its functions. */
function checkApp(app: App, options: GcpBuildOptions): CheckedApp {
  const packager = new FunctionPackager(options.buildDir ?? join(process.cwd(), '.anycloud', 'build', 'gcp'));
  return checkPulumiApp<GcpNatives, GcpNativeArgs, Bundle>(app, {
    target: 'gcp',
    label: 'GCP',
    issues: checkGcpLimits(app, options),
    secretValue: options.secretValue,
    transforms: options.transforms,
    package: (fn) =>
      packager.package({
        entry: fn.entry,
        exportName: fn.handler,
        clients: Object.fromEntries(
          fn.grants.map((g) => [g.resource.kind, GCP_BUILDERS[g.resource.kind].runtimeClient]),
        ),
      }),
  });
}

/** The grants GCP widens: table grants reach the app's whole Firestore database. */
function widenedGrants(app: App, settings: GcpSettings, database: string | undefined): WidenedGrant[] {
  return resourcesOf(app, 'function').flatMap((fn) =>
    fn.grants
      .filter((g) => g.resource.kind === 'table')
      .map((g) => ({
        function: fn.node.path,
        resource: g.resource.node.path,
        access: g.access,
        grantedOn: `projects/${settings.project}/databases/${database}`,
        reason:
          'Firestore has no per-collection IAM: the role is granted on the app’s database (an IAM condition), so the function can reach every table of the app',
      })),
  );
}

/**
 * Declares `app` on GCP inside the running Pulumi program: the shared resources (enabled APIs,
 * source bucket, invoker account, Firestore database), then one component per neutral construct
 * with its native resources as children. Validates the app (neutral and GCP rules, settings,
 * secrets configured, packages built) before declaring anything, and reports every problem at once.
 */
export function buildGcp(app: App, options: GcpBuildOptions): GcpBuild {
  return declareApp(app, options, checkApp(app, options));
}

/** Runs the builders over a checked app (every Pulumi resource is declared below this frame). */
function declareApp(app: App, options: GcpBuildOptions, checked: CheckedApp): GcpBuild {
  const settings: GcpSettings = {
    project: options.project!,
    region: options.region!,
    firestoreLocation: options.firestoreLocation ?? options.region!,
    maximumInstanceCount: options.maximumInstanceCount ?? 100,
  };
  const shared = declareAppResources(app, settings, options.componentOptions);
  const componentOf = componentsOf(options.componentOptions);
  const ctx: GcpBuildContext = {
    ...checked.kernel,
    settings,
    shared,
    componentOf,
    optionsOf: (node, dependsOn = []) => ({
      parent: componentOf(node),
      dependsOn: [...shared.apis, ...dependsOn],
    }),
    grant: ({ resource, access }) =>
      (GCP_BUILDERS[resource.kind] as GcpGrantParts[GrantableKind]).grant(
        resource as never,
        access as never,
        ctx,
      ),
    packages: checked.packages,
    secretValue: (secret) => checked.secretValues.get(secret),
  };
  runBuilders(app, GCP_BUILDERS, ctx);
  const outputs: Record<string, pulumi.Input<string>> = {};
  for (const api of resourcesOf(app, 'http-api')) outputs[`${api.node.id}Url`] = ctx.nativeOf(api).url;
  return new GcpBuild(
    checked.natives,
    checked.packages,
    outputs,
    widenedGrants(app, settings, shared.database?.name),
    checked.degradations,
  );
}
