/**
 * The neutral model's side for target authors (re-exported by `anycloud/adapter`): the shared
 * build order and phases, tree walks, triggers per function, parsers of the model's strings,
 * and deterministic physical names. User code never needs these.
 * @packageDocumentation
 */
export { accessIncludes, mergeAccess } from './grant';
export { BUILD_ORDER } from './kind';
export { runBuilders, type PhasedBuilder, type PhasedBuilders } from './build-phases';
export { parseCron, type CronExpression, type CronPart } from './cron';
export { parseDurationSeconds } from './duration';
export { parseSizeMb } from './size';
export { parseRouteKey } from './route-key';
export { physicalName, stableHash, type NameRule } from './physical-name';
export { resourcesOf } from './walk';
export { hasAsyncTriggers, triggersByFunction, type FunctionTriggers } from './triggers';
export { describeValue } from './validation-error';
export { defaultJwksUrl } from './http-api';
