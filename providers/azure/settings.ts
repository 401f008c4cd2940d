import type * as pulumi from '@pulumi/pulumi';
import type { Secret } from 'anycloud';
import type { AzureTransforms } from './natives';

/** Options of an Azure build. `deploy(app)` reads them from Pulumi config; every one can be given here. */
export interface AzureBuildOptions {
  /**
   * Azure region of every resource, e.g. `westeurope`.
   * @default Pulumi config `azure-native:location` (`pulumi config set azure-native:location westeurope`)
   */
  readonly location?: string;
  /**
   * An existing resource group to declare everything in.
   * @default a resource group created for the app (`anycloud:azureResourceGroup` names an existing one)
   */
  readonly resourceGroupName?: string;
  /**
   * Publisher email of the API Management service (required when the app has an HttpApi).
   * @default Pulumi config `anycloud:azurePublisherEmail`
   */
  readonly publisherEmail?: string;
  /** Publisher name of the API Management service. @default the app name */
  readonly publisherName?: string;
  /**
   * The value of each Secret. @default Pulumi secret config `anycloud:secret-<id>`
   * (`pulumi config set --secret anycloud:secret-ApiKey ...`)
   */
  readonly secretValue?: (secret: Secret) => pulumi.Output<string> | undefined;
  /** Most instances each function app scales out to (Flex Consumption: 1-1000). @default 100 */
  readonly maximumInstanceCount?: number;
  /** Where function packages are built and cached. @default '<cwd>/.anycloud/build/azure' */
  readonly buildDir?: string;
  /** Per-kind transforms of the native resource arguments (escape hatch). */
  readonly transforms?: AzureTransforms;
  /** Options given to every component (a provider, `protect`, Pulumi `transforms`...). */
  readonly componentOptions?: pulumi.ComponentResourceOptions;
}

/** Settings of an Azure build, with defaults applied. */
export interface AzureSettings {
  readonly location: string;
  /** The resource group everything is declared in (an output when the build creates it). */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly publisherEmail: string;
  readonly publisherName: string;
  readonly maximumInstanceCount: number;
  /** Subscription id, from the provider's client configuration. */
  readonly subscriptionId: pulumi.Input<string>;
  /** Entra tenant id, from the provider's client configuration. */
  readonly tenantId: pulumi.Input<string>;
}
