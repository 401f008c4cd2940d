import * as pulumi from '@pulumi/pulumi';
import type { App } from 'anycloud';
import { buildAzure, type AzureBuild } from './adapter';
import type { AzureBuildOptions } from './settings';

/**
 * The Azure options a Pulumi program's config gives: the region from the provider's own
 * `azure-native:location`, and the `anycloud:azure*` keys (resource group, API Management
 * publisher). Subscription and tenant come from the provider's client configuration.
 */
export function azureOptionsFromConfig(): AzureBuildOptions {
  const anycloud = new pulumi.Config('anycloud');
  const provider = new pulumi.Config('azure-native');
  return {
    location: provider.get('location'),
    resourceGroupName: anycloud.get('azureResourceGroup'),
    publisherEmail: anycloud.get('azurePublisherEmail'),
    publisherName: anycloud.get('azurePublisherName'),
    maximumInstanceCount: anycloud.getNumber('azureMaximumInstanceCount'),
  };
}

/** Declares `app` on Azure in the running Pulumi program (settings from config, then `options`); returns the stack outputs. */
export function deployAzure(
  app: App,
  options: Partial<AzureBuildOptions> = {},
  onBuild?: (build: AzureBuild) => void,
): Record<string, pulumi.Input<string>> {
  const fromConfig = azureOptionsFromConfig();
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const build = buildAzure(app, { ...fromConfig, ...defined });
  onBuild?.(build);
  return build.outputs;
}
