import { join } from 'node:path';
import * as authorization from '@pulumi/azure-native/authorization';
import * as pulumi from '@pulumi/pulumi';
import type { App, Function, GrantableKind, Kind, KindMap, Secret, ValidationIssue } from 'anycloud';
import { resourcesOf, runBuilders } from 'anycloud/adapter';
import { kernelContext, type KernelContext } from '../shared/build-context';
import { NativesRegistry } from '../shared/natives-registry';
import { componentsOf } from '../shared/pulumi-component';
import { readSecretValues } from '../shared/secret-values';
import { validateThenBundle } from '../shared/validate-then-bundle';
import { declareAppResources } from './app-resources';
import { AZURE_BUILDERS } from './builders';
import { FunctionPackager, type Bundle } from './bundling';
import type { AzureBuildContext, AzureGrantParts } from './context';
import { hostJson } from './host-json';
import { checkAzureLimits } from './limits';
import type { AzureNativeArgs, AzureNatives } from './natives';
import type { AzureBuildOptions } from './settings';

/** The result of building an app for Azure: native resources and packages per construct. */
export class AzureBuild {
  /** @internal */
  constructor(
    private readonly natives: NativesRegistry<AzureNatives>,
    private readonly packages: ReadonlyMap<Function, Bundle>,
    /** Outputs worth exporting from the Pulumi program (API URLs, resource group). */
    readonly outputs: Readonly<Record<string, pulumi.Input<string>>>,
  ) {}

  /** The native resources declared for a neutral construct: the escape hatch to raw Pulumi. */
  nativeOf<N extends KindMap[Kind]>(node: N): AzureNatives[N['kind']] {
    return this.natives.nativeOf(node);
  }

  /** The package (folder zipped into `released-package.zip`) of `fn`. */
  packageOf(fn: Function): Bundle {
    const found = this.packages.get(fn);
    if (!found) throw new Error(`${fn.node.path} was not built by this Azure build`);
    return found;
  }
}

/** What a build needs once the app is known to be valid. */
interface CheckedApp {
  readonly natives: NativesRegistry<AzureNatives>;
  readonly kernel: KernelContext<AzureNatives, AzureNativeArgs>;
  readonly secretValues: ReadonlyMap<Secret, pulumi.Output<string>>;
  readonly packages: ReadonlyMap<Function, Bundle>;
}

/** Validates `app` for Azure (neutral rules, Azure limits, settings, secrets), then packages its functions. */
function checkApp(app: App, options: AzureBuildOptions): CheckedApp {
  let secretValues = new Map<Secret, pulumi.Output<string>>();
  const lateIssues = (): ValidationIssue[] => {
    const read = readSecretValues(app, 'azure', options.secretValue);
    secretValues = read.values;
    return read.issues;
  };
  const natives = new NativesRegistry<AzureNatives>('Azure');
  const kernel = kernelContext<AzureNatives, AzureNativeArgs>(app, natives, options.transforms);
  const packager = new FunctionPackager(
    options.buildDir ?? join(process.cwd(), '.anycloud', 'build', 'azure'),
  );
  const packages = validateThenBundle(app, {
    target: 'azure',
    issues: checkAzureLimits(app, options),
    lateIssues,
    bundle: (fn) =>
      packager.package({
        entry: fn.entry,
        exportName: fn.handler,
        clients: Object.fromEntries(
          fn.grants.map((g) => [g.resource.kind, AZURE_BUILDERS[g.resource.kind].runtimeClient]),
        ),
        hostJson: hostJson(fn, kernel.triggersOf(fn)),
      }),
  });
  return { natives, kernel, secretValues, packages };
}

/**
 * Declares `app` on Azure inside the running Pulumi program: the shared resources (resource
 * group, host and data storage accounts, Event Grid system topic, Key Vault), then one
 * component per neutral construct with its native resources as children. Validates the app
 * (neutral and Azure rules, settings, secrets configured, packages built) before declaring
 * anything, and reports every problem at once.
 */
export function buildAzure(app: App, options: AzureBuildOptions): AzureBuild {
  return declareApp(app, options, checkApp(app, options));
}

/** Runs the builders over a checked app, first thing: every Pulumi resource is declared below this frame. */
function declareApp(app: App, options: AzureBuildOptions, checked: CheckedApp): AzureBuild {
  const ctx = buildContext(app, options, checked);
  runBuilders(app, AZURE_BUILDERS, ctx);
  return new AzureBuild(checked.natives, checked.packages, appOutputs(app, ctx));
}

/** The context the builders share, with the app's shared resources declared. */
function buildContext(app: App, options: AzureBuildOptions, checked: CheckedApp): AzureBuildContext {
  const client = authorization.getClientConfigOutput();
  const shared = declareAppResources(app, {
    location: options.location!,
    resourceGroupName: options.resourceGroupName,
    tenantId: client.tenantId,
    subscriptionId: client.subscriptionId,
    grantedSecrets: checked.secretValues.size > 0,
    componentOptions: options.componentOptions,
  });
  const ctx: AzureBuildContext = {
    ...checked.kernel,
    settings: {
      location: options.location!,
      resourceGroupName: shared.resourceGroupName,
      publisherEmail: options.publisherEmail ?? '',
      publisherName: options.publisherName ?? app.name,
      maximumInstanceCount: options.maximumInstanceCount ?? 100,
      subscriptionId: client.subscriptionId,
      tenantId: client.tenantId,
    },
    shared,
    componentOf: componentsOf(options.componentOptions),
    grant: ({ resource, access }) =>
      (AZURE_BUILDERS[resource.kind] as AzureGrantParts[GrantableKind]).grant(
        resource as never,
        access as never,
        ctx,
      ),
    packages: checked.packages,
    secretValue: (secret) => checked.secretValues.get(secret),
  };
  return ctx;
}

/** Outputs worth exporting: the resource group and each HttpApi's URL. */
function appOutputs(app: App, ctx: AzureBuildContext): Record<string, pulumi.Input<string>> {
  const outputs: Record<string, pulumi.Input<string>> = { resourceGroupName: ctx.shared.resourceGroupName };
  for (const api of resourcesOf(app, 'http-api')) outputs[`${api.node.id}Url`] = ctx.nativeOf(api).url;
  return outputs;
}
