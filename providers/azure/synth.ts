import { createHash } from 'node:crypto';
import { type App } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { capturePulumiProgram } from '../shared/pulumi-capture';
import {
  pulumiSynthDocument,
  type CapturedProgram,
  type PulumiSynthDocument,
} from '../shared/pulumi-document';
import { secretConfigKey } from '../shared/secret-values';
import type { AzureBuild } from './adapter';
import { deployAzure } from './deploy';
import type { AzureBuildOptions } from './settings';

/** Options of an Azure synth: build options, plus the secret values to configure. */
export interface AzureSynthOptions extends Partial<AzureBuildOptions> {
  /** Secret values by Secret construct id. @default a placeholder per secret (redacted in the document anyway) */
  readonly secrets?: Readonly<Record<string, string>>;
}

/** The subscription and tenant a synth runs in (placeholders: no account is contacted). */
export const SYNTH_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
export const SYNTH_TENANT_ID = '11111111-1111-1111-1111-111111111111';

/** Inputs that carry a resource's own name, most specific first (`.name` is an output on azure-native). */
const NAME_INPUTS = [
  'operationId',
  'policyId',
  'backendId',
  'namedValueId',
  'apiId',
  'eventSubscriptionName',
  'secretName',
  'blobName',
  'queueName',
  'tableName',
  'containerName',
  'systemTopicName',
  'topicName',
  'vaultName',
  'serviceName',
  'roleAssignmentName',
  'resourceName',
  'name',
  'accountName',
  'resourceGroupName',
];

/** A GUID-shaped id derived from `text`, so runs are identical. */
function mockGuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The principal id a synth gives the identity resource named `name` (what role assignments name). */
export function synthPrincipalId(name: string): string {
  return mockGuid(`${name}/principal`);
}

/** Computed outputs of Azure resources under mocks: `name` and the fields Azure computes, derived from inputs. */
export function azureMockOutputs(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const own = NAME_INPUTS.map((k) => inputs[k]).find((v) => typeof v === 'string');
  const outputs: Record<string, unknown> = { name: own ?? name };
  if (type === 'azure-native:managedidentity:UserAssignedIdentity') {
    outputs.principalId = synthPrincipalId(name);
    outputs.clientId = mockGuid(`${name}/client`);
  }
  if (type === 'azure-native:web:WebApp')
    outputs.defaultHostName = `${String(inputs.name)}.azurewebsites.net`;
  if (type === 'azure-native:eventgrid:Topic') {
    outputs.endpoint = `https://${String(inputs.topicName)}.${String(inputs.location)}-1.eventgrid.azure.net/api/events`;
    outputs.identity = { type: 'SystemAssigned', principalId: mockGuid(`${name}/principal`) };
  }
  if (type === 'azure-native:eventgrid:SystemTopic')
    outputs.identity = { type: 'SystemAssigned', principalId: mockGuid(`${name}/principal`) };
  return outputs;
}

/** What the provider's invokes return under mocks. */
export function azureMockCall(token: string): Record<string, unknown> | undefined {
  if (token === 'azure-native:authorization:getClientConfig')
    return {
      subscriptionId: SYNTH_SUBSCRIPTION_ID,
      tenantId: SYNTH_TENANT_ID,
      clientId: SYNTH_TENANT_ID,
      objectId: SYNTH_TENANT_ID,
    };
  if (token === 'azure-native:web:listWebAppHostKeys')
    return { functionKeys: { default: 'synth-host-key' }, masterKey: 'synth-master-key', systemKeys: {} };
  return undefined;
}

/**
 * Runs the Azure Pulumi program (what `deploy(app)` from `anycloud/pulumi` runs for target
 * `azure`) under Pulumi's mocks, with the region, publisher email and secrets set in Pulumi
 * config as a user would.
 */
export function captureAzure(
  app: App,
  options: AzureSynthOptions = {},
  onBuild?: (build: AzureBuild) => void,
): Promise<CapturedProgram> {
  const { secrets = {}, ...build } = options;
  const config: Record<string, string> = {
    'anycloud:target': 'azure',
    'azure-native:location': build.location ?? 'westeurope',
    'anycloud:azurePublisherEmail': build.publisherEmail ?? 'api-owner@example.com',
  };
  const secretKeys: string[] = [];
  for (const secret of resourcesOf(app, 'secret')) {
    const key = `anycloud:${secretConfigKey(secret.node.id)}`;
    config[key] = secrets[secret.node.id] ?? `synth-placeholder-${secret.node.id}`;
    secretKeys.push(key);
  }
  return capturePulumiProgram(() => deployAzure(app, build, onBuild), {
    config,
    secretKeys,
    mockOutputs: azureMockOutputs,
    mockCall: azureMockCall,
    project: app.name,
    stack: app.stage,
  });
}

/** The deterministic Azure document of `app` (see `pulumiSynthDocument`). */
export async function synthAzure(app: App, options: AzureSynthOptions = {}): Promise<PulumiSynthDocument> {
  return pulumiSynthDocument(await captureAzure(app, options), { roots: [process.cwd()] });
}
