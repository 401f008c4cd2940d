// One measured synthesis in a fresh process: `tsx synth-once.ts <anycloud|pulumi> <N> <packageZip>`,
// under the mocks of providers/azure/synth.ts (see bench/pulumi-synth/measure-once.ts for what it prints).
import { azureMockCall, azureMockOutputs } from '../../providers/azure/synth';
import { measureSynthOnce } from '../pulumi-synth/measure-once';
import { anycloudProgram, handWrittenProgram } from './programs';

const [, , kind, n, packageZip] = process.argv;
void measureSynthOnce({ outputs: azureMockOutputs, call: azureMockCall }, () =>
  kind === 'anycloud' ? anycloudProgram(Number(n)) : handWrittenProgram(Number(n), packageZip),
);
