import * as pulumi from '@pulumi/pulumi';
import type { Resource } from 'anycloud';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  table: 'Table',
  bucket: 'Bucket',
  queue: 'Queue',
  topic: 'Topic',
  secret: 'Secret',
  function: 'Function',
  'http-api': 'HttpApi',
  schedule: 'Schedule',
};

/**
 * The Pulumi component of one neutral construct (`anycloud:index:Table`, named by construct
 * path). Every Pulumi target declares the native resources of a construct as its children, so
 * `pulumi stack` shows the app's own structure and options given to the component (provider,
 * transforms, protect) reach every native resource.
 *
 * Declaring is stack-bound: Pulumi captures `new Error().stack` about four times per output
 * property of every resource (≈170 times for a Cloudflare Worker script), and V8's cost for
 * each of the 10 captured frames grows with how far into its function that frame's call sits.
 * A target declares its resources from short functions (the adapter's entry point, the runner
 * of its builders, each builder's `create`) and builds their arguments in functions of their
 * own, so the frames every capture walks stay cheap.
 */
export class NeutralComponent extends pulumi.ComponentResource {
  /** The neutral construct this component stands for. */
  readonly construct: Resource;

  constructor(node: Resource, opts?: pulumi.ComponentResourceOptions) {
    super(`anycloud:index:${TYPE_NAMES[node.kind] ?? node.kind}`, node.node.path, {}, opts);
    this.construct = node;
  }

  /** Registers the component's outputs (call once its children exist). */
  complete(outputs: pulumi.Inputs): void {
    this.registerOutputs(outputs);
  }
}

/** Options for a child of `component`: parented to it, with extra options merged. */
export function childOf(
  component: NeutralComponent,
  extra: pulumi.CustomResourceOptions = {},
): pulumi.CustomResourceOptions {
  return { ...extra, parent: component };
}

/**
 * The components of one build, one per neutral construct, made on first use with the user's
 * `componentOptions` (provider, protect, transformations...).
 */
export function componentsOf(
  options?: pulumi.ComponentResourceOptions,
): (node: Resource) => NeutralComponent {
  const components = new Map<Resource, NeutralComponent>();
  return (node) => {
    let component = components.get(node);
    if (!component) components.set(node, (component = new NeutralComponent(node, options)));
    return component;
  };
}
