import type { App } from 'anycloud';
import type { Degradation } from './degradation';
import type { CapturedResource } from './pulumi-document';

/** One native resource as its engine names it: a CloudFormation logical id, a Pulumi resource name, a local file. */
export interface NativeResource {
  /** The native type, e.g. `AWS::DynamoDB::GlobalTable` or `gcp:firestore/field:Field`. */
  readonly type: string;
  readonly name: string;
}

/** The native resources one construct becomes on a target. */
export interface ConstructNatives {
  /** The construct's path; the app's own path holds what the app shares (gateways, accounts...). */
  readonly path: string;
  /** Sorted by type, then name. */
  readonly resources: readonly NativeResource[];
}

/** What `anycloud check` learns from a target about an app that fits it. */
export interface TargetCheck {
  /** Per construct (tree order, the app first), the native resources it becomes. */
  readonly natives: readonly ConstructNatives[];
  /** Where the target gives a construct less than the neutral model promises, as its builders declared. */
  readonly degradations: readonly Degradation[];
}

/** Options of a target's check. */
export interface TargetCheckOptions {
  /** Where function bundles are built (a temporary folder, so a check writes nothing into the project). */
  readonly buildDir: string;
}

const byTypeThenName = (a: NativeResource, b: NativeResource) =>
  a.type === b.type ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.type < b.type ? -1 : 1;

/**
 * Groups native resources by the construct they belong to, in the app's tree order: `ownerOf`
 * gives a resource's construct path, or undefined for what the app shares (listed under the app).
 */
export function nativesByConstruct<R>(
  app: App,
  resources: readonly R[],
  describe: (resource: R) => NativeResource,
  ownerOf: (resource: R) => string | undefined,
): ConstructNatives[] {
  const paths = app.node.findAll().map((c) => c.node.path);
  const grouped = new Map<string, NativeResource[]>(paths.map((p) => [p, []]));
  for (const resource of resources) {
    const owner = ownerOf(resource);
    const list = grouped.get(owner !== undefined && grouped.has(owner) ? owner : app.node.path)!;
    list.push(describe(resource));
  }
  return [...grouped]
    .filter(([path, list]) => list.length > 0 || path === app.node.path)
    .map(([path, list]) => ({ path, resources: list.sort(byTypeThenName) }));
}

/** Prefix of the Pulumi type of every neutral construct's component (`anycloud:index:Table`). */
const COMPONENT_TYPE = 'anycloud:index:';

/**
 * The native resources of a captured Pulumi program per construct: each custom resource belongs
 * to its nearest `anycloud:index:*` component (named by construct path); the rest to the app.
 */
export function pulumiNativesByConstruct(
  app: App,
  resources: readonly CapturedResource[],
): ConstructNatives[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const ownerOf = (resource: CapturedResource): string | undefined => {
    for (let r = byUrn.get(resource.parent); r; r = byUrn.get(r.parent))
      if (r.type.startsWith(COMPONENT_TYPE)) return r.name;
    return undefined;
  };
  return nativesByConstruct(
    app,
    resources.filter((r) => r.custom),
    (r) => ({ type: r.type, name: r.name }),
    ownerOf,
  );
}

/**
 * A Pulumi target's check: runs its program under mocks (`capture`, which reports the build it
 * made) and groups the captured resources by construct.
 */
export async function checkPulumiTarget(
  app: App,
  capture: (
    onBuild: (build: { readonly degradations: readonly Degradation[] }) => void,
  ) => Promise<{ readonly resources: readonly CapturedResource[] }>,
): Promise<TargetCheck> {
  let degradations: readonly Degradation[] = [];
  const captured = await capture((build) => (degradations = build.degradations));
  return { natives: pulumiNativesByConstruct(app, captured.resources), degradations };
}
