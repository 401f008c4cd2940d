import { join } from 'node:path';
import * as authorization from '@pulumi/azure-native/authorization';
import * as pulumi from '@pulumi/pulumi';
import type { App, GrantableKind } from 'anycloud';
import { resourcesOf, runBuilders, type FunctionTriggers } from 'anycloud/adapter';
import { checkPulumiApp, PulumiTargetBuild, type CheckedPulumiApp } from '../shared/checked-pulumi-app';
import { componentsOf } from '../shared/pulumi-component';
import { declareAppResources } from './app-resources';
import { AZURE_BUILDERS } from './builders';
import { FunctionPackager, type AzureTriggerPart, type Bundle } from './bundling';
import type { AzureBuildContext, AzureGrantParts } from './context';
import { consumedRetries, hostJson } from './host-json';
import { checkAzureLimits } from './limits';
import type { AzureNativeArgs, AzureNatives } from './natives';
import type { AzureBuildOptions } from './settings';

/** The result of building an app for Azure: native resources and packages per construct (`nativeOf`, `packageOf`). */
export class AzureBuild extends PulumiTargetBuild<AzureNatives, Bundle> {}

type CheckedApp = CheckedPulumiApp<AzureNatives, AzureNativeArgs, Bundle>;

/** The kinds of triggers a function registers: routes, queue triggers (every asynchronous source), timers. */
function triggerParts(t: FunctionTriggers): AzureTriggerPart[] {
  return [
    ...(t.routes.length > 0 ? (['routes'] as const) : []),
    ...(consumedRetries(t).length > 0 ? (['queues'] as const) : []),
    ...(t.schedules.length > 0 ? (['timers'] as const) : []),
  ];
}

/** Validates `app` for Azure (neutral rules, Azure limits, settings, secrets), then packages its functions. */
function checkApp(app: App, options: AzureBuildOptions): CheckedApp {
  const packager = new FunctionPackager(
    options.buildDir ?? join(process.cwd(), '.anycloud', 'build', 'azure'),
  );
  return checkPulumiApp<AzureNatives, AzureNativeArgs, Bundle>(app, {
    target: 'azure',
    label: 'Azure',
    issues: checkAzureLimits(app, options),
    secretValue: options.secretValue,
    transforms: options.transforms,
    package: (fn, kernel) =>
      packager.package({
        entry: fn.entry,
        exportName: fn.handler,
        clients: Object.fromEntries(
          fn.grants.map((g) => [g.resource.kind, AZURE_BUILDERS[g.resource.kind].runtimeClient]),
        ),
        hostJson: hostJson(fn, kernel.triggersOf(fn)),
        triggers: triggerParts(kernel.triggersOf(fn)),
      }),
  });
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
  return new AzureBuild(
    checked.natives,
    checked.packages,
    'Azure',
    appOutputs(app, ctx),
    checked.degradations,
  );
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
