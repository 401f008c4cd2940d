import type * as pulumi from '@pulumi/pulumi';
import type { Function, Grant, Kind, Resource, Secret } from 'anycloud';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { KernelContext } from '../shared/build-context';
import type { Bundle } from '../shared/bundle-cache';
import type { BundledGrantParts, KindBuilders } from '../shared/kind-builders';
import type { NeutralComponent } from '../shared/pulumi-component';
import type { AppResources } from './app-resources';
import type { AzureNativeArgs, AzureNatives } from './natives';
import type { RoleOnResource } from './roles';
import type { AzureSettings } from './settings';

/** A runtime binding whose native facts may be Pulumi outputs (an Event Grid topic's endpoint...). */
export type AzureBinding = { readonly [K in keyof ResourceBinding]: pulumi.Input<ResourceBinding[K]> };

/** What one grant becomes on Azure: the roles the function's identity gets, and the binding its client reads. */
export interface AzureGrant {
  readonly roles: readonly RoleOnResource[];
  readonly binding: AzureBinding;
}

/** What a builder gets: the kernel's lookups, settings, the app's shared resources, components, packages. */
export interface AzureBuildContext extends KernelContext<AzureNatives, AzureNativeArgs> {
  readonly settings: AzureSettings;
  /** Resources the whole app shares: resource group, storage accounts, system topic, Key Vault. */
  readonly shared: AppResources;
  /** The component standing for `node` (made on first use). */
  componentOf(node: Resource): NeutralComponent;
  /** What `grant` becomes, answered by the builder of the granted resource's kind. */
  grant(grant: Grant): AzureGrant;
  /** The package (bundle, host.json, package.json) of each function. */
  readonly packages: ReadonlyMap<Function, Bundle>;
  /** The value of a secret (a Pulumi secret output); undefined when no function is granted it. */
  secretValue(secret: Secret): pulumi.Output<string> | undefined;
}

/**
 * The Azure part of a grantable kind's builder: the role a grant becomes (a built-in data role
 * scoped to the single resource, assigned to the function's own identity) and the client bundled.
 */
export type AzureGrantParts = BundledGrantParts<AzureBuildContext, AzureGrant>;

/** One builder per neutral kind: a new kind (or grantable kind) does not compile until Azure handles it. */
export type AzureBuilders = KindBuilders<AzureBuildContext, AzureGrantParts>;

/** The Azure builder of one kind. */
export type AzureBuilder<K extends Kind> = AzureBuilders[K];
