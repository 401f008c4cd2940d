// Loaded by `anycloud --require test/targets/toy-target-plugin.ts ...`: registers the toy target.
import { registerToyTarget } from './toy-target';

registerToyTarget();
