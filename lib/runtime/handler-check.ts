import { isNeutralHandler, type NeutralHandler } from './handlers';

/**
 * The user's export as a neutral handler, or an error naming `whose` export it is (`"shop/Api"`,
 * `this Worker`) and the helpers to use: every shim checks the export once, when the function's code is loaded.
 */
export function neutralHandlerOf(exported: unknown, whose: string): NeutralHandler {
  if (!isNeutralHandler(exported)) {
    throw new Error(
      `anycloud: the handler export of ${whose} is not made with http(), schedule(), objectEvent() or messages()`,
    );
  }
  return exported;
}

/** The helper that makes a handler of each kind. */
const HELPERS: Readonly<Record<NeutralHandler['kind'], string>> = {
  http: 'http',
  schedule: 'schedule',
  'object-event': 'objectEvent',
  messages: 'messages',
};

/**
 * `handler` when it answers `kind`, else the error every shim throws for an event the handler
 * does not answer: which function (`whose`), which trigger arrived (`what`: `an HTTP request`,
 * `a queue message`...), the helper it exported and the one to export instead.
 */
export function handlerFor<K extends NeutralHandler['kind']>(
  handler: NeutralHandler,
  kind: K,
  what: string,
  whose = 'this function',
): Extract<NeutralHandler, { kind: K }> {
  if (handler.kind !== kind) {
    throw new Error(
      `anycloud: ${whose} received ${what}, but its handler is made with ${HELPERS[handler.kind]}(); export ${HELPERS[kind]}(...) to answer ${what}`,
    );
  }
  return handler as Extract<NeutralHandler, { kind: K }>;
}
