import { performance } from 'node:perf_hooks';
import * as pulumi from '@pulumi/pulumi';

/** The provider's computed outputs and invokes under mocks (a target's synth mocks). */
export interface SynthMocks {
  outputs?(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown>;
  call?(token: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined;
}

/** One measured synthesis: wall time since process start, program time, peak RSS, resources (and non-components). */
export interface SynthSample {
  readonly ms: number;
  readonly programMs: number;
  readonly rssMb: number;
  readonly resources: number;
  readonly custom: number;
}

/**
 * Runs `program` under pulumi.runtime.setMocks until every registration is answered, in this
 * (fresh) process, and prints its {@link SynthSample} as JSON on stdout.
 */
export async function measureSynthOnce(mocks: SynthMocks, program: () => void): Promise<void> {
  let resources = 0;
  let custom = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources++;
        if (args.custom) custom++;
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, ...mocks.outputs?.(args.type, args.name, args.inputs) },
        };
      },
      call: (args) => mocks.call?.(args.token, args.inputs) ?? args.inputs,
    },
    'bench',
    'dev',
    false,
  );
  const start = performance.now();
  program();
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  const end = performance.now();
  const sample: SynthSample = {
    ms: end,
    programMs: end - start,
    rssMb: process.resourceUsage().maxRSS / 1024,
    resources,
    custom,
  };
  process.stdout.write(JSON.stringify(sample));
}
