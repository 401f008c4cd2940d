import {
  dispatchHttp,
  dispatchMessages,
  isNeutralHandler,
  setRuntimeHost,
  type Bindings,
  type InvocationContext,
  type Message,
  type NeutralHandler,
  type ResourceBinding,
  type RuntimeHost,
} from 'anycloud/runtime';
import { scheduleDue } from './schedule-match';
import {
  ENV,
  GATEWAY_HEADERS,
  R2_ACTIONS,
  type QueueSource,
  type R2EventMessage,
  type ScheduleMatcher,
} from './worker-env';
import type { ModuleWorker, QueueMessage, WorkerEnv } from './workers-types';

function parseJsonBinding<T>(env: WorkerEnv, name: string, fallback: T): T {
  const text = env[name];
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`anycloud: binding ${name} is not valid JSON; redeploy the Worker`);
  }
}

function mismatch(handler: NeutralHandler, what: string): Error {
  return new Error(
    `anycloud: a ${handler.kind}() handler cannot answer ${what}; export the helper that matches its trigger`,
  );
}

/** The host of this isolate, made from the first event's env (bindings do not change within an isolate). */
function hostFor(env: WorkerEnv, factories: RuntimeHost['factories']): RuntimeHost {
  const declared = parseJsonBinding<Bindings>(env, ENV.bindings, {});
  const bindings: Record<string, ResourceBinding> = {};
  for (const [id, b] of Object.entries(declared)) {
    const names = b.workerBinding;
    bindings[id] = {
      ...b,
      native: Array.isArray(names) ? names.map((n: string) => env[n]) : env[String(names)],
    };
  }
  return { functionPath: String(env[ENV.functionPath] ?? 'unknown'), bindings, factories };
}

let invocations = 0;

/**
 * Wraps a neutral handler as a module Worker: `fetch` for routes (called by the gateway through
 * a service binding), `scheduled` for cron triggers and `queue` for queue, topic and R2
 * event messages, each message acknowledged or retried on its own.
 */
export function createWorker(exported: unknown, factories: RuntimeHost['factories']): ModuleWorker {
  if (!isNeutralHandler(exported)) {
    throw new Error(
      'anycloud: the handler export is not made with http(), schedule(), objectEvent() or messages()',
    );
  }
  const handler = exported;
  let host: RuntimeHost | undefined;
  const start = (env: WorkerEnv): InvocationContext => {
    host ??= hostFor(env, factories);
    setRuntimeHost(host);
    return { functionPath: host.functionPath, invocationId: `${Date.now().toString(36)}-${++invocations}` };
  };

  return {
    async fetch(request, env) {
      const ctx = start(env);
      if (handler.kind !== 'http') throw mismatch(handler, 'an HTTP request');
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        if (name !== GATEWAY_HEADERS.route && name !== GATEWAY_HEADERS.params) headers[name] = value;
      });
      const query: Record<string, string> = {};
      url.searchParams.forEach((value, name) => (query[name] = value));
      const params = JSON.parse(request.headers.get(GATEWAY_HEADERS.params) ?? '{}') as Record<
        string,
        string
      >;
      const encoded = await dispatchHttp(
        handler,
        {
          method: request.method,
          path: url.pathname,
          route: request.headers.get(GATEWAY_HEADERS.route) ?? `${request.method} ${url.pathname}`,
          params,
          query,
          headers,
          body: new Uint8Array(await request.arrayBuffer()),
        },
        ctx,
      );
      return new Response(encoded.status === 204 || encoded.status === 304 ? null : encoded.body, {
        status: encoded.status,
        headers: encoded.headers,
      });
    },

    async scheduled(controller, env) {
      const ctx = start(env);
      if (handler.kind !== 'schedule') throw mismatch(handler, 'a schedule');
      const schedules = parseJsonBinding<Record<string, ScheduleMatcher[]>>(env, ENV.schedules, {});
      // Seconds precision, as the other targets' schedulers give it.
      const time = new Date(controller.scheduledTime).toISOString().replace(/\.000Z$/, 'Z');
      // A schedule in a time zone fires hourly in UTC; only the firings that match it run the handler.
      for (const matcher of schedules[controller.cron] ?? []) {
        if (scheduleDue(matcher, controller.scheduledTime))
          await handler.run({ scheduleId: matcher.id, time }, ctx);
      }
    },

    async queue(batch, env) {
      const ctx = start(env);
      const sources = parseJsonBinding<Record<string, QueueSource>>(env, ENV.sources, {});
      const source = sources[batch.queue] ?? { kind: 'queue', id: batch.queue };

      if (source.kind === 'bucket') {
        if (handler.kind !== 'object-event') throw mismatch(handler, 'an object event');
        await Promise.all(
          batch.messages.map(async (message) => {
            const event = message.body as R2EventMessage;
            try {
              await handler.run(
                {
                  type: (R2_ACTIONS.removed as readonly string[]).includes(event.action)
                    ? 'removed'
                    : 'created',
                  bucket: source.id,
                  key: event.object.key,
                  size: event.object.size,
                  time: event.eventTime ?? message.timestamp.toISOString(),
                },
                ctx,
              );
              message.ack();
            } catch (error) {
              console.error(
                `[anycloud] ${ctx.functionPath} object event ${event.object?.key} failed:`,
                error,
              );
              message.retry();
            }
          }),
        );
        return;
      }

      if (handler.kind !== 'messages') throw mismatch(handler, 'messages');
      const byId = new Map<string, QueueMessage>(batch.messages.map((m) => [m.id, m]));
      const neutral: Message[] = batch.messages.map((m) => ({
        id: m.id,
        body: m.body,
        attempt: m.attempts,
        source: { kind: source.kind === 'topic' ? 'topic' : 'queue', id: source.id },
      }));
      const failed = new Set(await dispatchMessages(handler, neutral, ctx));
      for (const [id, message] of byId) {
        if (failed.has(id)) message.retry();
        else message.ack();
      }
    },
  };
}
