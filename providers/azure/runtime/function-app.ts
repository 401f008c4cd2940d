import { app } from '@azure/functions';
import type { InvocationContext, NeutralHandler } from 'anycloud/runtime';
import {
  neutralHandlerOf,
  parseJsonSetting,
  setRuntimeHost,
  type Bindings,
  type RuntimeHost,
} from 'anycloud/runtime/host';
import { APP_SETTINGS, type AzureTriggers } from './app-settings';

const NO_TRIGGERS: AzureTriggers = { routes: [], queues: [], timers: [] };

/** Registers one kind of trigger with the `@azure/functions` model (routes, queues, timers). */
export type TriggerRegistrar = (
  handler: NeutralHandler,
  triggers: AzureTriggers,
  start: (invocationId: string) => InvocationContext,
) => void;

/**
 * The entry of a function app: checks the user's export, installs the runtime host (bindings
 * and the client factories bundled for this function) and registers the app's triggers with
 * the `@azure/functions` v4 model, from the app settings the adapter wrote, through the
 * registrars of the trigger kinds it has (bundled only when used). Runs once, when the
 * worker loads the package.
 */
export function registerFunctionApp(
  exported: unknown,
  factories: RuntimeHost['factories'],
  registrars: readonly TriggerRegistrar[],
): void {
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
  for (const register of registrars) register(handler, triggers, start);
}
