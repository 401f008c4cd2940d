// One measured synthesis in a fresh process: `tsx synth-once.ts <anycloud|pulumi> <N> <packageZip>`.
// Runs the program under pulumi.runtime.setMocks (the mocks of providers/gcp/synth.ts) until every
// registration is answered.
// Prints {"ms": wall time since process start, "programMs": program + registrations only, "rssMb": peak RSS,
// "resources": n, "custom": n of them that are not components}.
import { performance } from 'node:perf_hooks';
import * as pulumi from '@pulumi/pulumi';
import { gcpMockCall, gcpMockOutputs } from '../../providers/gcp/synth';
import { anycloudProgram, handWrittenProgram } from './programs';

async function main(): Promise<void> {
  const [, , kind, n, packageZip] = process.argv;
  let resources = 0;
  let custom = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources++;
        if (args.custom) custom++;
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, ...gcpMockOutputs(args.type, args.name, args.inputs) },
        };
      },
      call: (args) => gcpMockCall(args.token, args.inputs) ?? args.inputs,
    },
    'bench',
    'dev',
    false,
  );
  const start = performance.now();
  if (kind === 'anycloud') anycloudProgram(Number(n));
  else handWrittenProgram(Number(n), packageZip);
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  const end = performance.now();
  process.stdout.write(
    JSON.stringify({
      ms: end,
      programMs: end - start,
      rssMb: process.resourceUsage().maxRSS / 1024,
      resources,
      custom,
    }),
  );
}

void main();
