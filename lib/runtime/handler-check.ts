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

/**
 * `handler` when it answers `kind`, else the error every shim throws for an event the handler
 * does not answer (`what` names the event: `an HTTP request`, `messages`...).
 */
export function handlerFor<K extends NeutralHandler['kind']>(
  handler: NeutralHandler,
  kind: K,
  what: string,
): Extract<NeutralHandler, { kind: K }> {
  if (handler.kind !== kind) {
    throw new Error(
      `anycloud: a ${handler.kind}() handler cannot answer ${what}; export the helper that matches its trigger`,
    );
  }
  return handler as Extract<NeutralHandler, { kind: K }>;
}
