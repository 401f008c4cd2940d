import type * as pulumi from '@pulumi/pulumi';
import type { App, Function, Kind, KindMap, Resource, Secret } from 'anycloud';
import type { FunctionTriggers, PhasedBuilder, PhasedBuilders } from 'anycloud/adapter';
import type { Bundle } from '../shared/bundle-cache';
import type { NeutralComponent } from '../shared/pulumi-component';
import type { CloudflareNativeArgs, CloudflareNatives } from './natives';
import type { CloudflareSettings } from './settings';

/** What a builder gets: settings, components, lookups of what other builders made, bundles. */
export interface CloudflareBuildContext {
  readonly app: App;
  readonly settings: CloudflareSettings;
  /** The component standing for `node` (made before any builder runs). */
  componentOf(node: Resource): NeutralComponent;
  /** Triggers of a function. */
  triggersOf(fn: Function): FunctionTriggers;
  /** The native resources built for `node` (it must already be built). */
  nativeOf<N extends KindMap[Kind]>(node: N): CloudflareNatives[N['kind']];
  /** Records the native resources built for `node`. */
  register<N extends KindMap[Kind]>(node: N, natives: CloudflareNatives[N['kind']]): void;
  /** Applies the user's transform of `kind`, if any. */
  transform<K extends Kind>(
    kind: K,
    args: CloudflareNativeArgs[K],
    node: KindMap[K],
  ): CloudflareNativeArgs[K];
  /** The Worker bundle of each function. */
  readonly bundles: ReadonlyMap<Function, Bundle>;
  /** The gateway Worker's bundle (one for every HttpApi; routes come from a binding). */
  readonly gatewayBundle: Bundle;
  /** The value of a secret (a Pulumi secret output); undefined when no function is granted it. */
  secretValue(secret: Secret): pulumi.Output<string> | undefined;
}

/** A builder of one kind: `create` in the build-order phase, `connect` after every kind was created. */
export type CloudflareBuilder<K extends Kind> = PhasedBuilder<K, CloudflareBuildContext>;

/** One builder per neutral kind: a new kind does not compile until Cloudflare handles it. */
export type CloudflareBuilders = PhasedBuilders<CloudflareBuildContext>;
