import type { App } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { capturePulumiProgram } from '../shared/pulumi-capture';
import {
  pulumiSynthDocument,
  type CapturedProgram,
  type PulumiSynthDocument,
} from '../shared/pulumi-document';
import { secretConfigKey } from '../shared/secret-values';
import type { GcpBuild } from './adapter';
import { deployGcp } from './deploy';
import type { GcpBuildOptions } from './settings';

/** Options of a GCP synth: build options, and the secret values a test wants to see (else placeholders). */
export interface GcpSynthOptions extends Partial<GcpBuildOptions> {
  readonly secrets?: Readonly<Record<string, string>>;
}

/** The project, number and region a synth runs in (placeholders: no account is contacted). */
export const SYNTH_PROJECT = 'anycloud-synth';
export const SYNTH_PROJECT_NUMBER = '123456789012';
export const SYNTH_REGION = 'europe-west1';

/** Inputs that carry a resource's own name, most specific first (`.name` is an output for some kinds). */
const NAME_INPUTS = ['name', 'accountId', 'secretId', 'apiId', 'gatewayId'];

/** The URI a synth gives a function's Cloud Run service. */
export function synthFunctionUri(name: string): string {
  return `https://${name}-synth.a.run.app`;
}

/** Computed outputs of GCP resources under mocks: `name` and the fields GCP computes, derived from inputs. */
export function gcpMockOutputs(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const own = NAME_INPUTS.map((k) => inputs[k]).find((v) => typeof v === 'string') as string | undefined;
  const project = String(inputs.project ?? SYNTH_PROJECT);
  const outputs: Record<string, unknown> = { name: own ?? name };
  if (type === 'gcp:serviceaccount/account:Account')
    outputs.email = `${String(inputs.accountId)}@${project}.iam.gserviceaccount.com`;
  if (type === 'gcp:cloudfunctionsv2/function:Function') {
    const uri = synthFunctionUri(String(inputs.name));
    outputs.url = uri;
    outputs.serviceConfig = { ...(inputs.serviceConfig as object), service: String(inputs.name), uri };
  }
  if (type === 'gcp:apigateway/gateway:Gateway')
    outputs.defaultHostname = `${String(inputs.gatewayId)}-synth.ew.gateway.dev`;
  if (type === 'gcp:apigateway/apiConfig:ApiConfig')
    outputs.name = `${String(inputs.apiConfigIdPrefix ?? '')}synth`;
  if (type === 'gcp:secretmanager/secret:Secret')
    outputs.name = `projects/${project}/secrets/${String(inputs.secretId)}`;
  return outputs;
}

/** What the provider's invokes return under mocks. */
export function gcpMockCall(
  token: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (token === 'gcp:organizations/getProject:getProject')
    return { projectId: inputs.projectId ?? SYNTH_PROJECT, number: SYNTH_PROJECT_NUMBER };
  if (token === 'gcp:storage/getProjectServiceAccount:getProjectServiceAccount')
    return { emailAddress: `service-${SYNTH_PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com` };
  return undefined;
}

/**
 * Runs the GCP Pulumi program (what `deploy(app)` from `anycloud/pulumi` runs for target `gcp`)
 * under Pulumi's mocks, with the project, region and secrets set in Pulumi config as a user would.
 */
export function captureGcp(
  app: App,
  options: GcpSynthOptions = {},
  onBuild?: (build: GcpBuild) => void,
): Promise<CapturedProgram> {
  const { secrets = {}, ...build } = options;
  const config: Record<string, string> = {
    'anycloud:target': 'gcp',
    'gcp:project': build.project ?? SYNTH_PROJECT,
    'gcp:region': build.region ?? SYNTH_REGION,
  };
  const secretKeys: string[] = [];
  for (const secret of resourcesOf(app, 'secret')) {
    const key = `anycloud:${secretConfigKey(secret.node.id)}`;
    config[key] = secrets[secret.node.id] ?? `synth-placeholder-${secret.node.id}`;
    secretKeys.push(key);
  }
  return capturePulumiProgram(() => deployGcp(app, build, onBuild), {
    config,
    secretKeys,
    mockOutputs: gcpMockOutputs,
    mockCall: gcpMockCall,
    project: app.name,
    stack: app.stage,
  });
}

/** The deterministic GCP document of `app` (see `pulumiSynthDocument`). */
export async function synthGcp(app: App, options: GcpSynthOptions = {}): Promise<PulumiSynthDocument> {
  return pulumiSynthDocument(await captureGcp(app, options), { roots: [process.cwd()] });
}
