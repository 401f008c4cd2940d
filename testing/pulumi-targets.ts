/**
 * Synthesis of the Pulumi targets, loaded on first use: `@pulumi/pulumi` takes about a second
 * to load, which `anycloud dev`, `anycloud invoke` and tests of the other targets never need.
 */
import type { App } from 'anycloud';
import type { CloudflareSynthOptions } from './cloudflare-synth';
import type { CapturedProgram, PulumiSynthDocument } from './pulumi-document';

type CloudflareSynthModule = typeof import('./cloudflare-synth');
type PulumiCaptureModule = typeof import('./pulumi-capture');

// Deferred on purpose (see above).
const cloudflareSynth = (): CloudflareSynthModule => require('./cloudflare-synth') as CloudflareSynthModule;
const pulumiCapture = (): PulumiCaptureModule => require('./pulumi-capture') as PulumiCaptureModule;

/**
 * Runs a Pulumi program in this process under `pulumi.runtime.setMocks` and captures every
 * resource registration (type, name, parent, dependencies, inputs) and the program's outputs.
 */
export function capturePulumiProgram(
  ...args: Parameters<PulumiCaptureModule['capturePulumiProgram']>
): Promise<CapturedProgram> {
  return pulumiCapture().capturePulumiProgram(...args);
}

/** Runs the real Cloudflare program (`deploy(app)` from `anycloud/pulumi`) under Pulumi's mocks. */
export function captureCloudflare(app: App, options?: CloudflareSynthOptions): Promise<CapturedProgram> {
  return cloudflareSynth().captureCloudflare(app, options);
}

/** The deterministic Cloudflare document of `app`. */
export function synthCloudflare(app: App, options?: CloudflareSynthOptions): Promise<PulumiSynthDocument> {
  return cloudflareSynth().synthCloudflare(app, options);
}

/** The deterministic Cloudflare document of `app`, and the size of each Worker script by Pulumi name. */
export function synthCloudflareWithSizes(
  app: App,
  options?: CloudflareSynthOptions,
): Promise<{ document: PulumiSynthDocument; scriptBytes: Record<string, number> }> {
  return cloudflareSynth().synthCloudflareWithSizes(app, options);
}
