import { app } from '@azure/functions';
import type { InvocationContext } from 'anycloud/runtime';
import {
  neutralHandlerOf,
  parseJsonSetting,
  setRuntimeHost,
  type Bindings,
  type RuntimeHost,
} from 'anycloud/runtime/host';
import { APP_SETTINGS, type AzureTriggers } from './app-settings';
import { registerRoutes } from './http-trigger';
import { registerQueues } from './queue-trigger';
import { registerTimers } from './timer-trigger';

const NO_TRIGGERS: AzureTriggers = { routes: [], queues: [], timers: [] };

/**
 * The entry of a function app: checks the user's export, installs the runtime host (bindings
 * and the client factories bundled for this function) and registers the app's triggers with
 * the `@azure/functions` v4 model, from the app settings the adapter wrote. Runs once, when the
 * worker loads the package.
 */
export function registerFunctionApp(exported: unknown, factories: RuntimeHost['factories']): void {
  const env = process.env;
  const functionPath = env[APP_SETTINGS.functionPath] ?? 'unknown';
  const handler = neutralHandlerOf(exported, `"${functionPath}"`);
  const bindings = parseJsonSetting<Bindings>(
    APP_SETTINGS.bindings,
    env[APP_SETTINGS.bindings],
    {},
    'function app',
  );
  const triggers = parseJsonSetting<AzureTriggers>(
    APP_SETTINGS.triggers,
    env[APP_SETTINGS.triggers],
    NO_TRIGGERS,
    'function app',
  );
  const host: RuntimeHost = { functionPath, bindings, factories };
  const start = (invocationId: string): InvocationContext => {
    setRuntimeHost(host); // another package loaded in the same process (tests) may have installed its own
    return { functionPath, invocationId };
  };
  setRuntimeHost(host);
  // Responses go through the library's HTTP stream: one Set-Cookie header per cookie, raw bytes.
  app.setup({ enableHttpStream: true });
  registerRoutes(handler, triggers, start);
  registerQueues(handler, triggers, start);
  registerTimers(triggers, start);
}
