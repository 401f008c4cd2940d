/**
 * anycloud/local: runs an anycloud app on this machine, with no cloud account.
 * @packageDocumentation
 */
export { LocalApp, type InvocationLog, type LocalOptions, type LocalResponse } from './local-app';
export { checkLocalRules } from './limits';
export { writeFileAtomic, readJsonFile } from './atomic-file';
export { secretEnvName } from './secrets';
export { describeLocal, type LocalDocument } from './describe';
export { StateInUseError, type StateHolder } from './state-lock';
