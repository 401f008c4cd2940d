// One measured synthesis in a fresh process: `tsx synth-once.ts <anycloud|cdk> <N> <outdir> [bundleDir]`.
// Prints {"ms": wall time since process start, "buildSynthMs": build + synth only, "rssMb": peak RSS}.
import { performance } from 'node:perf_hooks';
import { App as CdkApp } from 'aws-cdk-lib';
import { anycloudStack, handWrittenStack } from './stacks';

const [, , kind, n, outdir, bundleDir] = process.argv;
const start = performance.now();
const cdkApp = new CdkApp({ outdir, analyticsReporting: false });
if (kind === 'anycloud') anycloudStack(cdkApp, Number(n));
else handWrittenStack(cdkApp, Number(n), bundleDir);
cdkApp.synth();
const end = performance.now();
process.stdout.write(
  JSON.stringify({ ms: end, buildSynthMs: end - start, rssMb: process.resourceUsage().maxRSS / 1024 }),
);
