import type * as pulumi from '@pulumi/pulumi';
import type { Function, Grant, Kind, Resource, Secret } from 'anycloud';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { KernelContext } from '../shared/build-context';
import type { Bundle } from '../shared/bundle-cache';
import type { BundledGrantParts, KindBuilders } from '../shared/kind-builders';
import type { NeutralComponent } from '../shared/pulumi-component';
import type { AppResources } from './app-resources';
import type { IamGrant } from './iam';
import type { GcpNativeArgs, GcpNatives } from './natives';
import type { GcpSettings } from './settings';

/** A runtime binding whose native facts may be Pulumi outputs. */
export type GcpBinding = { readonly [K in keyof ResourceBinding]: pulumi.Input<ResourceBinding[K]> };

/** What one grant becomes on GCP: IAM roles for the function's service account, and the binding its client reads. */
export interface GcpGrant {
  readonly iam: readonly IamGrant[];
  readonly binding: GcpBinding;
}

/** What a builder gets: the kernel's lookups, settings, the app's shared resources, components, packages. */
export interface GcpBuildContext extends KernelContext<GcpNatives, GcpNativeArgs> {
  readonly settings: GcpSettings;
  /** Resources the whole app shares: enabled APIs, source bucket, invoker account, Firestore database. */
  readonly shared: AppResources;
  /** The component standing for `node` (made on first use). */
  componentOf(node: Resource): NeutralComponent;
  /** Options of a native resource under `node`'s component, after the project's APIs are enabled. */
  optionsOf(node: Resource, dependsOn?: pulumi.Input<pulumi.Resource>[]): pulumi.CustomResourceOptions;
  /** What `grant` becomes, answered by the builder of the granted resource's kind. */
  grant(grant: Grant): GcpGrant;
  /** The package (bundle, package.json) of each function. */
  readonly packages: ReadonlyMap<Function, Bundle>;
  /** The value of a secret (a Pulumi secret output); undefined when no function is granted it. */
  secretValue(secret: Secret): pulumi.Output<string> | undefined;
}

/** The GCP part of a grantable kind's builder: the IAM role a grant becomes and the client bundled. */
export type GcpGrantParts = BundledGrantParts<GcpBuildContext, GcpGrant>;

/** One builder per neutral kind: a new kind (or grantable kind) does not compile until GCP handles it. */
export type GcpBuilders = KindBuilders<GcpBuildContext, GcpGrantParts>;

/** The GCP builder of one kind. */
export type GcpBuilder<K extends Kind> = GcpBuilders[K];
