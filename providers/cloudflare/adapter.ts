import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { App, Function, GrantableKind, Kind, KindMap, Secret, ValidationIssue } from 'anycloud';
import { resourcesOf, runBuilders, type FunctionTriggers } from 'anycloud/adapter';
import { kernelContext, type KernelContext } from '../shared/build-context';
import { DegradationLog, type Degradation } from '../shared/degradation';
import { NativesRegistry } from '../shared/natives-registry';
import { componentsOf } from '../shared/pulumi-component';
import { readSecretValues, secretConfigKey } from '../shared/secret-values';
import { validateThenBundle } from '../shared/validate-then-bundle';
import { CLOUDFLARE_BUILDERS } from './builders';
import { WorkerBundler, type Bundle, type WorkerPart } from './bundling';
import type { CloudflareBuildContext, CloudflareGrantParts } from './context';
import { checkCloudflareLimits, checkScriptSize, CLOUDFLARE_LIMITS } from './limits';
import type { CloudflareNativeArgs, CloudflareNatives } from './natives';
import { COMPATIBILITY_DATE, type CloudflareBuildOptions } from './settings';

/** The Worker event handlers a function's triggers need (`fetch` when it has none). */
function workerParts(t: FunctionTriggers): WorkerPart[] {
  const parts: WorkerPart[] = [];
  if (t.routes.length > 0) parts.push('fetch');
  if (t.schedules.length > 0) parts.push('scheduled');
  // Schedules also need `queue`: their firings go through the function's schedule queue.
  if (t.queues.length + t.topics.length + t.objectEvents.length + t.schedules.length > 0) parts.push('queue');
  return parts.length > 0 ? parts : ['fetch'];
}

export { secretConfigKey };

/** The result of building an app for Cloudflare: native resources and bundles per construct. */
export class CloudflareBuild {
  /** @internal */
  constructor(
    private readonly natives: NativesRegistry<CloudflareNatives>,
    private readonly bundles: ReadonlyMap<Function, Bundle>,
    /** Outputs worth exporting from the Pulumi program (API URLs and script names). */
    readonly outputs: Readonly<Record<string, pulumi.Input<string>>>,
    /** Where this build gives a construct less than the neutral model promises, as its builders declared. */
    readonly degradations: readonly Degradation[],
  ) {}

  /** The native resources declared for a neutral construct: the escape hatch to raw Pulumi. */
  nativeOf<N extends KindMap[Kind]>(node: N): CloudflareNatives[N['kind']] {
    return this.natives.nativeOf(node);
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
  // Two short steps: this frame stays on the stack while every resource is declared, and Pulumi
  // pays for each captured frame by how far into its function the call sits (see NeutralComponent).
  return declareApp(app, options, checkApp(app, options));
}

/** What a build needs once the app is known to be valid: the kernel's lookups, secret values and bundles. */
interface CheckedApp {
  readonly natives: NativesRegistry<CloudflareNatives>;
  readonly kernel: KernelContext<CloudflareNatives, CloudflareNativeArgs>;
  readonly secretValues: ReadonlyMap<Secret, pulumi.Output<string>>;
  readonly bundles: ReadonlyMap<Function, Bundle>;
  readonly degradations: DegradationLog;
  readonly gatewayBundle: Bundle;
  readonly readerBundle: Bundle;
}

/** Validates `app` for Cloudflare, reads its secrets and bundles its functions, or throws every issue at once. */
function checkApp(app: App, options: CloudflareBuildOptions): CheckedApp {
  let secretValues = new Map<Secret, pulumi.Output<string>>();
  /** Granted secrets without a value: known once the app is valid, reported with the bundle issues. */
  const missingSecrets = (): ValidationIssue[] => {
    const read = readSecretValues(app, 'cloudflare', options.secretValue);
    secretValues = read.values;
    return read.issues;
  };

  const natives = new NativesRegistry<CloudflareNatives>('Cloudflare');
  const degradations = new DegradationLog('cloudflare');
  const kernel = kernelContext<CloudflareNatives, CloudflareNativeArgs>(
    app,
    natives,
    options.transforms,
    degradations,
  );
  const bundler = new WorkerBundler(
    options.buildDir ?? join(process.cwd(), '.anycloud', 'build', 'cloudflare'),
  );
  const maxBytes = options.maxScriptBytes ?? CLOUDFLARE_LIMITS.scriptBytes;
  const bundles = validateThenBundle(app, {
    target: 'cloudflare',
    issues: checkCloudflareLimits(app, options),
    lateIssues: missingSecrets,
    bundle: (fn) =>
      bundler.function({
        entry: fn.entry,
        exportName: fn.handler,
        clients: Object.fromEntries(
          fn.grants.map((g) => [g.resource.kind, CLOUDFLARE_BUILDERS[g.resource.kind].runtimeClient]),
        ),
        parts: workerParts(kernel.triggersOf(fn)),
      }),
    check: (fn, bundle) => checkScriptSize(fn.node.path, bundle.bytes, maxBytes),
  });
  return {
    natives,
    kernel,
    degradations,
    secretValues,
    bundles,
    gatewayBundle: bundler.gateway(),
    readerBundle: bundler.reader(),
  };
}

/** Runs the builders over a checked app, first thing: every Pulumi resource is declared below this frame. */
function declareApp(app: App, options: CloudflareBuildOptions, checked: CheckedApp): CloudflareBuild {
  runBuilders(app, CLOUDFLARE_BUILDERS, buildContext(options, checked));
  return new CloudflareBuild(
    checked.natives,
    checked.bundles,
    apiOutputs(app, checked.natives),
    checked.degradations.list(),
  );
}

/** The context the builders share. */
function buildContext(options: CloudflareBuildOptions, checked: CheckedApp): CloudflareBuildContext {
  const contents = new Map<string, string>();
  const ctx: CloudflareBuildContext = {
    ...checked.kernel,
    settings: {
      accountId: options.accountId,
      plan: options.plan ?? 'paid',
      compatibilityDate: COMPATIBILITY_DATE,
      customDomains: options.customDomains ?? {},
      workersSubdomain: options.workersSubdomain,
    },
    componentOf: componentsOf(options.componentOptions),
    grant: ({ resource, access }) =>
      (CLOUDFLARE_BUILDERS[resource.kind] as CloudflareGrantParts[GrantableKind]).grant(
        resource as never,
        access as never,
        ctx,
      ),
    bundles: checked.bundles,
    gatewayBundle: checked.gatewayBundle,
    readerBundle: checked.readerBundle,
    scriptContent: (bundle) => {
      let content = contents.get(bundle.file);
      if (content === undefined) contents.set(bundle.file, (content = readFileSync(bundle.file, 'utf8')));
      return content;
    },
    secretValue: (secret) => checked.secretValues.get(secret),
  };
  return ctx;
}

/** Outputs worth exporting: each HttpApi's gateway script name, and its URL when known. */
function apiOutputs(
  app: App,
  natives: NativesRegistry<CloudflareNatives>,
): Record<string, pulumi.Input<string>> {
  const outputs: Record<string, pulumi.Input<string>> = {};
  for (const api of resourcesOf(app, 'http-api')) {
    const native = natives.nativeOf(api);
    outputs[`${api.node.id}Script`] = native.gateway.scriptName;
    if (native.url) outputs[`${api.node.id}Url`] = native.url;
  }
  return outputs;
}
