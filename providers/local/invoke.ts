import type { Function } from 'anycloud';
import type { Message, NeutralHandler, ObjectEvent } from 'anycloud/runtime';
import { dispatchHttp, dispatchMessages } from 'anycloud/runtime/host';

/**
 * Runs `handler` of `fn` once with a hand-written `event`, whatever triggers it
 * (`anycloud invoke`): an HTTP handler gets `{ method, path, query, headers, body, params }`
 * (its URL is `http://localhost<path>?<query>`), a
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
          url: `http://localhost${String(event.path ?? '/')}${queryString(event.query)}`,
          path: String(event.path ?? '/'),
          route: String(event.route ?? `${event.method ?? 'GET'} ${event.path ?? '/'}`),
          params: (event.params as Record<string, string>) ?? {},
          headers: (event.headers as Record<string, string>) ?? {},
          body: new TextEncoder().encode(body),
        },
        context,
      );
      return {
        status: response.status,
        headers: response.headers,
        ...(response.cookies.length > 0 ? { cookies: response.cookies } : {}),
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

/** `?a=1&b=2` from an invoke event's `query` object (empty when there is none). */
function queryString(query: unknown): string {
  if (typeof query !== 'object' || query === null) return '';
  const search = new URLSearchParams(
    Object.entries(query as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return search ? `?${search}` : '';
}
