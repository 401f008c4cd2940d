import { type InvocationContext, type NeutralHandler } from 'anycloud/runtime';
import {
  neutralHandlerOf,
  parseJsonSetting,
  setRuntimeHost,
  type Bindings,
  type ResourceBinding,
  type RuntimeHost,
} from 'anycloud/runtime/host';
import { ENV } from './worker-env';
import type { WorkerEnv } from './workers-types';

/** Parses a JSON binding the adapter set; a missing one gives `fallback`. */
export function parseJsonBinding<T>(env: WorkerEnv, name: string, fallback: T): T {
  return parseJsonSetting(name, env[name], fallback, 'Worker');
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

/** What each event part of a Worker gets: the user's handler and how to start an invocation. */
export interface WorkerInvocation {
  readonly handler: NeutralHandler;
  /** Installs the runtime host (once per isolate) and returns the invocation's context. */
  start(env: WorkerEnv): InvocationContext;
}

let invocations = 0;

/** Checks the user's export and prepares the per-isolate host. */
export function workerInvocation(exported: unknown, factories: RuntimeHost['factories']): WorkerInvocation {
  const handler = neutralHandlerOf(exported, 'this Worker');
  let host: RuntimeHost | undefined;
  return {
    handler,
    start(env) {
      host ??= hostFor(env, factories);
      setRuntimeHost(host);
      return { functionPath: host.functionPath, invocationId: `${Date.now().toString(36)}-${++invocations}` };
    },
  };
}
