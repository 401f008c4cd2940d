import type * as cloudflare from '@pulumi/cloudflare';
import type * as pulumi from '@pulumi/pulumi';
import type { Function, Grant, Kind, Resource, Secret } from 'anycloud';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { Bundle } from '../shared/bundle-cache';
import type { KernelContext } from '../shared/build-context';
import type { BundledGrantParts, KindBuilders } from '../shared/kind-builders';
import type { NeutralComponent } from '../shared/pulumi-component';
import type { CloudflareNativeArgs, CloudflareNatives } from './natives';
import type { CloudflareSettings } from './settings';

/** A binding declared on a Worker script. */
export type WorkerBinding = pulumi.Input<cloudflare.types.input.WorkersScriptBinding>;

/** What one grant becomes on Cloudflare: the Worker bindings, and the runtime binding that names them. */
export interface CloudflareGrant {
  readonly workerBindings: WorkerBinding[];
  readonly binding: ResourceBinding;
}

/** What a builder gets: the kernel's lookups, settings, components, bundles. */
export interface CloudflareBuildContext extends KernelContext<CloudflareNatives, CloudflareNativeArgs> {
  readonly settings: CloudflareSettings;
  /** The component standing for `node` (made on first use). */
  componentOf(node: Resource): NeutralComponent;
  /** What `grant` becomes, answered by the builder of the granted resource's kind. */
  grant(grant: Grant): CloudflareGrant;
  /** The Worker bundle of each function. */
  readonly bundles: ReadonlyMap<Function, Bundle>;
  /** The gateway Worker's bundle (one for every HttpApi; routes come from a binding). */
  readonly gatewayBundle: Bundle;
  /** The reader Worker of tables and buckets granted read-only somewhere. */
  readonly readerBundle: Bundle;
  /** The code of a bundle, read once per build (Workers built from one bundle share the string). */
  scriptContent(bundle: Bundle): string;
  /** The value of a secret (a Pulumi secret output); undefined when no function is granted it. */
  secretValue(secret: Secret): pulumi.Output<string> | undefined;
}

/**
 * The Cloudflare part of a grantable kind's builder. A Worker reaches only what it has a binding
 * for, so a function without a grant has no way to the resource; Cloudflare bindings have no
 * read-only form, so the access level (read vs read-write) is enforced by the runtime client.
 */
export type CloudflareGrantParts = BundledGrantParts<CloudflareBuildContext, CloudflareGrant>;

/** One builder per neutral kind: a new kind (or grantable kind) does not compile until Cloudflare handles it. */
export type CloudflareBuilders = KindBuilders<CloudflareBuildContext, CloudflareGrantParts>;

/** The Cloudflare builder of one kind. */
export type CloudflareBuilder<K extends Kind> = CloudflareBuilders[K];
