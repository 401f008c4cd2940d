/**
 * anycloud/runtime/host: for target authors. What a target's shim installs and calls around
 * the user's handler (the runtime host and its bindings, HTTP and message dispatch), and the
 * semantics every target's clients share (table queries and cursors, routes, CORS, the SQL
 * table client). Handler code never imports this.
 * @packageDocumentation
 */
export { accessIncludes } from './access';
export type { Bindings, ResourceBinding } from './binding';
export type { ClientByKind } from './clients';
export { isNeutralHandler } from './handlers';
export { getRuntimeHost, setRuntimeHost, type ClientFactory, type RuntimeHost } from './runtime-host';
export {
  dispatchHttp,
  encodeResponse,
  neutralRequest,
  queryOf,
  type EncodedHttpResponse,
  type RawHttpRequest,
} from './http-dispatch';
export { decodeBody, dispatchMessages } from './message-dispatch';
export { decodeCursor, encodeCursor } from './cursor';
export {
  checkQuery,
  compareKeyValues,
  isExpired,
  matchesSortCondition,
  queryLimit,
  tableKeyOf,
} from './table-semantics';
export { decodePath, RouteTable, type RouteEntry, type RouteTableMatch } from './route-table';
export {
  addVaryOrigin,
  applyCors,
  corsAllows,
  corsHeaders,
  corsVariesByOrigin,
  preflightHeaders,
  type CorsPolicy,
} from './cors';
export {
  sqlTableClient,
  type SqlDatabase,
  type SqlStatement,
  type SqlTableOptions,
} from './sql-table-client';
export { SHIM_SETTINGS, parseJsonSetting } from './shim-settings';
export {
  authenticate,
  authFailure,
  bearerToken,
  checkScopes,
  claimsOfValidatedToken,
  verifiedIdentity,
  remoteKeySet,
  requestAuthOf,
  scopesOf,
  JWT_ALGORITHMS,
  type AuthOutcome,
  type JwtPolicy,
} from './jwt-auth';
export { handlerFor, neutralHandlerOf } from './handler-check';
