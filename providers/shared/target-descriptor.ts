import type { App } from 'anycloud';
import type { TargetCheck, TargetCheckOptions } from './target-check';

/** How a target turns an app into something that runs: a CDK app, a Pulumi program, or this machine. */
export type TargetEngine = 'cdk' | 'pulumi' | 'local';

/** What `anycloud synth` prints about one target: a headline, resources per native type, bundle sizes. */
export interface SynthSummary {
  /** One line, e.g. `2 template(s), 61 resources`. */
  readonly headline: string;
  /** Native resources per type, sorted by type. */
  readonly resourceTypes: readonly (readonly [type: string, count: number])[];
  /** Code size per function (construct path, bytes), in tree order. */
  readonly bundles: readonly (readonly [name: string, bytes: number])[];
}

/** What a target wrote into a synth output folder. */
export interface SynthArtifacts {
  /** Names of the files or folders written, first the deterministic document `<target>.json`. */
  readonly files: readonly string[];
  readonly summary: SynthSummary;
}

/** The hooks a Pulumi target gives `anycloud/pulumi`'s `deploy(app)`. */
export interface PulumiTargetHooks {
  /**
   * Declares `app` in the running Pulumi program, reading the target's settings from Pulumi config
   * (`options` override them), and returns the stack outputs. Loads the target's provider SDK.
   */
  deploy(app: App, options?: object): Record<string, unknown>;
}

/**
 * Everything a target is, as the CLI, `anycloud/testing`, `anycloud/pulumi` and the conformance
 * runner see it. Each `providers/<t>/target.ts` exports one; the registry loads it on first use,
 * so a target's SDK is loaded only when that target is used.
 */
export interface TargetDescriptor<Document = unknown, Options = never> {
  /** The target's name: `aws`, `cloudflare`, `local`... */
  readonly name: string;
  readonly engine: TargetEngine;
  /** One line for help texts, e.g. `AWS: Lambda, API Gateway, DynamoDB... (aws-cdk-lib)`. */
  readonly description: string;
  /**
   * The deterministic document of `app` on this target (what `synth(app, target)` returns):
   * plain JSON, keys sorted, hashes and absolute paths replaced by placeholders. Throws a
   * ValidationError listing every problem when the app does not fit the target.
   */
  synth(app: App, options?: Options): Promise<Document>;
  /**
   * `anycloud check`: builds `app` without writing anything into the project (bundles go to
   * `options.buildDir`) and returns the native resources of each construct and every degradation
   * the target's builders declared. Throws a ValidationError listing every problem.
   */
  check(app: App, options: TargetCheckOptions): Promise<TargetCheck>;
  /** `anycloud synth`: writes `<name>.json` (and any native artifact) into `dir`; returns what it wrote. */
  synthTo(app: App, dir: string): Promise<SynthArtifacts>;
  /** Present on Pulumi targets: what `deploy(app)` runs when `anycloud:target` names this target. */
  readonly pulumi?: PulumiTargetHooks;
}
