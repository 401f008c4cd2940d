import type { Function } from 'anycloud';
import type { Message, NeutralHandler, ObjectEvent } from 'anycloud/runtime';
import { dispatchHttp, dispatchMessages } from 'anycloud/runtime/host';

/**
 * Runs `handler` of `fn` once with a hand-written `event`, whatever triggers it
 * (`anycloud invoke`): an HTTP handler gets `{ method, path, query, headers, body, params }`, a
 * schedule handler `{ time }`, a messages handler `{ messages: [body, ...] }` (or one body), an
 * object-event handler the event. Returns what the handler produced.
 */
export async function invokeWithEvent(
  fn: Function,
  handler: NeutralHandler,
  event: Record<string, unknown>,
  now: string,
): Promise<unknown> {
  const context = { functionPath: fn.node.path, invocationId: crypto.randomUUID() };
  switch (handler.kind) {
    case 'http': {
      const body =
        event.body === undefined
          ? ''
          : typeof event.body === 'string'
            ? event.body
            : JSON.stringify(event.body);
      const response = await dispatchHttp(
        handler,
        {
          method: String(event.method ?? 'GET'),
          path: String(event.path ?? '/'),
          route: String(event.route ?? `${event.method ?? 'GET'} ${event.path ?? '/'}`),
          params: (event.params as Record<string, string>) ?? {},
          query: (event.query as Record<string, string>) ?? {},
          headers: (event.headers as Record<string, string>) ?? {},
          body: new TextEncoder().encode(body),
        },
        context,
      );
      return {
        status: response.status,
        headers: response.headers,
        body: typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body),
      };
    }
    case 'schedule':
      await handler.run(
        { scheduleId: String(event.scheduleId ?? 'invoke'), time: String(event.time ?? now) },
        context,
      );
      return { ok: true };
    case 'object-event':
      await handler.run(event as unknown as ObjectEvent, context);
      return { ok: true };
    case 'messages': {
      const bodies = Array.isArray(event.messages) ? event.messages : [event];
      const batch: Message[] = bodies.map((body, i) => ({
        id: `invoke-${i + 1}`,
        body,
        attempt: 1,
        source: { kind: 'queue', id: 'invoke' },
      }));
      return { failed: await dispatchMessages(handler, batch, context) };
    }
  }
}
