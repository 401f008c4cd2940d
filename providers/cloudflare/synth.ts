import { type App } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { capturePulumiProgram } from '../shared/pulumi-capture';
import {
  pulumiSynthDocument,
  type CapturedProgram,
  type PulumiSynthDocument,
} from '../shared/pulumi-document';
import { secretConfigKey, type CloudflareBuild } from './adapter';
import { deployCloudflare } from './deploy';
import type { CloudflareBuildOptions } from './settings';
import { SYNTH_ACCOUNT_ID } from './synth-account';

/** Options of a Cloudflare synth: build options, plus the secret values to configure. */
export interface CloudflareSynthOptions extends Partial<CloudflareBuildOptions> {
  /** Secret values by Secret construct id. @default a placeholder per secret (redacted in the document anyway) */
  readonly secrets?: Readonly<Record<string, string>>;
}

/** Computed outputs of Cloudflare resources under mocks, derived from the resource name. */
export function cloudflareMockOutputs(type: string, name: string): Record<string, unknown> {
  if (type === 'cloudflare:index/d1Database:D1Database') return { uuid: `${name}-uuid` };
  if (type === 'cloudflare:index/queue:Queue') return { queueId: `${name}-queue-id` };
  return {};
}

/**
 * Runs the Cloudflare Pulumi program (what `deploy(app)` from `anycloud/pulumi` runs for target `cloudflare`)
 * under Pulumi's mocks, with the account id and secrets set in Pulumi config as a user would.
 */
export function captureCloudflare(
  app: App,
  options: CloudflareSynthOptions = {},
  onBuild?: (build: CloudflareBuild) => void,
): Promise<CapturedProgram> {
  const { secrets = {}, ...build } = options;
  const config: Record<string, string> = {
    'anycloud:target': 'cloudflare',
    'cloudflare:accountId': build.accountId ?? SYNTH_ACCOUNT_ID,
  };
  const secretKeys: string[] = [];
  for (const secret of resourcesOf(app, 'secret')) {
    const key = `anycloud:${secretConfigKey(secret.node.id)}`;
    config[key] = secrets[secret.node.id] ?? `synth-placeholder-${secret.node.id}`;
    secretKeys.push(key);
  }
  return capturePulumiProgram(() => deployCloudflare(app, build, onBuild), {
    config,
    secretKeys,
    mockOutputs: cloudflareMockOutputs,
    project: app.name,
    stack: app.stage,
  });
}

/** The deterministic Cloudflare document of `app`, and the size of each Worker script by Pulumi name. */
export async function synthCloudflareWithSizes(
  app: App,
  options: CloudflareSynthOptions = {},
): Promise<{ document: PulumiSynthDocument; scriptBytes: Record<string, number> }> {
  const captured = await captureCloudflare(app, options);
  const scriptBytes: Record<string, number> = {};
  for (const r of captured.resources) {
    if (r.type === 'cloudflare:index/workersScript:WorkersScript' && typeof r.inputs.content === 'string')
      scriptBytes[r.name] = Buffer.byteLength(r.inputs.content);
  }
  const document = pulumiSynthDocument(captured, { contentKeys: ['content'], roots: [process.cwd()] });
  return { document, scriptBytes };
}

/** The deterministic Cloudflare document of `app` (see {@link pulumiSynthDocument}). */
export async function synthCloudflare(
  app: App,
  options: CloudflareSynthOptions = {},
): Promise<PulumiSynthDocument> {
  return (await synthCloudflareWithSizes(app, options)).document;
}
