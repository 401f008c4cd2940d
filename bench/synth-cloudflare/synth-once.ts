// One measured synthesis in a fresh process: `tsx synth-once.ts <anycloud|pulumi> <N> <bundleDir>`,
// under the mocks of providers/cloudflare/synth.ts (see bench/pulumi-synth/measure-once.ts for what it prints).
import { cloudflareMockOutputs } from '../../providers/cloudflare/synth';
import { measureSynthOnce } from '../pulumi-synth/measure-once';
import { anycloudProgram, handWrittenProgram } from './programs';

const [, , kind, n, bundleDir] = process.argv;
void measureSynthOnce({ outputs: cloudflareMockOutputs }, () =>
  kind === 'anycloud' ? anycloudProgram(Number(n)) : handWrittenProgram(Number(n), bundleDir),
);
