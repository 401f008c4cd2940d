/**
 * anycloud/local: runs an anycloud app on this machine, with no cloud account.
 * @packageDocumentation
 */
export {
  LocalApp,
  type InvocationLog,
  type LocalAppTokenOptions,
  type LocalOptions,
  type LocalResponse,
} from './local-app';
export { LocalIssuer, type LocalTokenOptions } from './local-issuer';
export { checkLocalRules } from './limits';
export { writeFileAtomic, readJsonFile } from './atomic-file';
export { secretEnvName } from './secrets';
export { describeLocal, type LocalDocument } from './describe';
export { StateInUseError, type StateHolder } from './state-lock';
