// One measured synthesis in a fresh process: `tsx synth-once.ts <anycloud|cdk> <N> <outdir> [bundleDir]`.
// Prints {"ms": wall time since process start, "rssMb": peak resident set size}.
import { performance } from 'node:perf_hooks';
import { App as CdkApp } from 'aws-cdk-lib';
import { anycloudStack, handWrittenStack } from './stacks';

const [, , kind, n, outdir, bundleDir] = process.argv;
const cdkApp = new CdkApp({ outdir, analyticsReporting: false });
if (kind === 'anycloud') anycloudStack(cdkApp, Number(n));
else handWrittenStack(cdkApp, Number(n), bundleDir);
cdkApp.synth();
process.stdout.write(JSON.stringify({ ms: performance.now(), rssMb: process.resourceUsage().maxRSS / 1024 }));
