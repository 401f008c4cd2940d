// One measured synthesis in a fresh process: `tsx synth-once.ts <anycloud|pulumi> <N> <bundleDir>`.
// Runs the program under pulumi.runtime.setMocks until every registration is answered.
// Prints {"ms": wall time since process start, "programMs": program + registrations only, "rssMb": peak RSS, "resources": n}.
import { performance } from 'node:perf_hooks';
import * as pulumi from '@pulumi/pulumi';
import { anycloudProgram, handWrittenProgram } from './programs';

async function main(): Promise<void> {
  const [, , kind, n, bundleDir] = process.argv;
  let resources = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources++;
        return {
          id: `${args.name}-id`,
          state: {
            ...args.inputs,
            ...(args.type === 'cloudflare:index/d1Database:D1Database' ? { uuid: `${args.name}-uuid` } : {}),
          },
        };
      },
      call: (args) => args.inputs,
    },
    'bench',
    'dev',
    false,
  );
  const start = performance.now();
  if (kind === 'anycloud') anycloudProgram(Number(n));
  else handWrittenProgram(Number(n), bundleDir);
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  const end = performance.now();
  process.stdout.write(
    JSON.stringify({
      ms: end,
      programMs: end - start,
      rssMb: process.resourceUsage().maxRSS / 1024,
      resources,
    }),
  );
}

void main();
