import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import {
  ValidationError,
  type App,
  type Function,
  type Kind,
  type KindMap,
  type Resource,
  type Secret,
  type ValidationIssue,
} from 'anycloud';
import { resourcesOf, runBuilders, triggersByFunction, type FunctionTriggers } from 'anycloud/adapter';
import { NeutralComponent } from '../shared/pulumi-component';
import { CLOUDFLARE_BUILDERS } from './builders';
import { bundleFunctions } from '../shared/bundle-functions';
import { WorkerBundler, type Bundle, type WorkerPart } from './bundling';
import type { CloudflareBuildContext } from './context';
import { checkCloudflareLimits, checkScriptSize, CLOUDFLARE_LIMITS } from './limits';
import type { CloudflareNatives } from './natives';
import { COMPATIBILITY_DATE, type CloudflareBuildOptions, type CloudflareSettings } from './settings';

/** The Worker event handlers a function's triggers need (`fetch` when it has none). */
function workerParts(t: FunctionTriggers): WorkerPart[] {
  const parts: WorkerPart[] = [];
  if (t.routes.length > 0) parts.push('fetch');
  if (t.schedules.length > 0) parts.push('scheduled');
  // Schedules also need `queue`: their firings go through the function's schedule queue.
  if (t.queues.length + t.topics.length + t.objectEvents.length + t.schedules.length > 0) parts.push('queue');
  return parts.length > 0 ? parts : ['fetch'];
}

/** Pulumi config key holding the value of Secret `id` (namespace `anycloud`). */
export function secretConfigKey(id: string): string {
  return `secret-${id}`;
}

/** The result of building an app for Cloudflare: native resources and bundles per construct. */
export class CloudflareBuild {
  /** @internal */
  constructor(
    private readonly natives: Map<Resource, unknown>,
    private readonly bundles: ReadonlyMap<Function, Bundle>,
    /** Outputs worth exporting from the Pulumi program (API URLs and script names). */
    readonly outputs: Readonly<Record<string, pulumi.Input<string>>>,
  ) {}

  /** The native resources declared for a neutral construct: the escape hatch to raw Pulumi. */
  nativeOf<N extends KindMap[Kind]>(node: N): CloudflareNatives[N['kind']] {
    const found = this.natives.get(node);
    if (!found) throw new Error(`${node.node.path} was not built by this Cloudflare build`);
    return found as CloudflareNatives[N['kind']];
  }

  /** The Worker bundle of `fn`. */
  bundleOf(fn: Function): Bundle {
    const found = this.bundles.get(fn);
    if (!found) throw new Error(`${fn.node.path} was not built by this Cloudflare build`);
    return found;
  }
}

/**
 * Declares `app` on Cloudflare inside the running Pulumi program: one component per neutral
 * construct with its native resources as children. Validates the app (neutral and Cloudflare
 * rules, secrets configured, bundles built and within size) before declaring anything, and
 * reports every problem at once.
 */
export function buildCloudflare(app: App, options: CloudflareBuildOptions): CloudflareBuild {
  const issues: ValidationIssue[] = checkCloudflareLimits(app, options);
  app.validate(issues);

  const config = new pulumi.Config('anycloud');
  const secretValues = new Map<Secret, pulumi.Output<string>>();
  const missing: ValidationIssue[] = [];
  const granted = new Set(resourcesOf(app, 'function').flatMap((fn) => fn.grants.map((g) => g.resource)));
  for (const secret of resourcesOf(app, 'secret')) {
    if (!granted.has(secret)) continue; // no Worker binds it
    const value = options.secretValue
      ? options.secretValue(secret)
      : config.getSecret(secretConfigKey(secret.node.id));
    if (value === undefined) {
      missing.push({
        path: secret.node.path,
        rule: 'cloudflare.secret.missing',
        value: `anycloud:${secretConfigKey(secret.node.id)}`,
        message: `secret ${secret.node.id} has no value: run pulumi config set --secret anycloud:${secretConfigKey(secret.node.id)} <value>`,
      });
    } else {
      secretValues.set(secret, pulumi.secret(value));
    }
  }

  const triggers = triggersByFunction(app);
  const bundler = new WorkerBundler(
    options.buildDir ?? join(process.cwd(), '.anycloud', 'build', 'cloudflare'),
  );
  const maxBytes = options.maxScriptBytes ?? CLOUDFLARE_LIMITS.scriptBytes;
  const { bundles, issues: bundleIssues } = bundleFunctions(
    resourcesOf(app, 'function'),
    'cloudflare',
    (fn) =>
      bundler.function({
        entry: fn.entry,
        exportName: fn.handler,
        clientKinds: fn.grants.map((g) => g.resource.kind),
        parts: workerParts(triggers.get(fn)!),
      }),
  );
  missing.push(...bundleIssues);
  for (const [fn, bundle] of bundles) {
    const tooLarge = checkScriptSize(fn.node.path, bundle.bytes, maxBytes);
    if (tooLarge) missing.push(tooLarge);
  }
  if (missing.length > 0) throw new ValidationError(missing);
  const gatewayBundle = bundler.gateway();

  const settings: CloudflareSettings = {
    accountId: options.accountId,
    plan: options.plan ?? 'paid',
    compatibilityDate: COMPATIBILITY_DATE,
    customDomains: options.customDomains ?? {},
    workersSubdomain: options.workersSubdomain,
  };
  const natives = new Map<Resource, unknown>();
  const components = new Map<Resource, NeutralComponent>();
  const ctx: CloudflareBuildContext = {
    app,
    settings,
    componentOf: (node) => {
      let component = components.get(node);
      if (!component)
        components.set(node, (component = new NeutralComponent(node, options.componentOptions)));
      return component;
    },
    triggersOf: (fn) => triggers.get(fn)!,
    nativeOf: (node) => {
      const found = natives.get(node);
      if (!found) throw new Error(`internal: ${node.node.path} (${node.kind}) is used before it is built`);
      return found as never;
    },
    register: (node, native) => void natives.set(node, native),
    transform: (kind, args, node) => {
      const fn = options.transforms?.[kind] as ((a: typeof args, n: typeof node) => typeof args) | undefined;
      return fn ? fn(args, node) : args;
    },
    bundles,
    gatewayBundle,
    secretValue: (secret) => secretValues.get(secret),
  };

  runBuilders(app, CLOUDFLARE_BUILDERS, ctx);

  const outputs: Record<string, pulumi.Input<string>> = {};
  for (const api of resourcesOf(app, 'http-api')) {
    const native = natives.get(api) as CloudflareNatives['http-api'];
    outputs[`${api.node.id}Script`] = native.gateway.scriptName;
    if (native.url) outputs[`${api.node.id}Url`] = native.url;
  }
  return new CloudflareBuild(natives, bundles, outputs);
}
