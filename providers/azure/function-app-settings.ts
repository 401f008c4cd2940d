import * as pulumi from '@pulumi/pulumi';
import type { Function } from 'anycloud';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { notificationQueueName } from './bucket';
import type { AzureBinding, AzureBuildContext } from './context';
import { consumedRetries, SCHEDULE_RETRIES } from './host-json';
import { OBJECT_EVENT_RETRIES } from './bucket';
import { toAzureTimer } from './ncrontab';
import {
  APP_SETTINGS,
  type AzureConsumedQueue,
  type AzureTimer,
  type AzureTriggers,
} from './runtime/app-settings';
import { subscriberQueueName } from './topic';
import { stableJson } from '../shared/stable-json';
import { azureName } from './naming';

/** The neutral route path as an Azure Functions route template: no leading `/`, greedy `{x+}` → `{*x}`. */
export function azureRouteTemplate(path: string): string {
  return path.slice(1).replace(/\{([^}]+)\+\}/g, '{*$1}');
}

/** The name of `fn`'s own schedule queue. */
export function scheduleQueueName(fn: Function): string {
  return azureName(fn, 'queue', 'schedules');
}

/** Everything that wakes `fn`, as its shim registers it. */
export function functionTriggers(fn: Function, ctx: AzureBuildContext): AzureTriggers {
  const t = ctx.triggersOf(fn);
  const endpoint = ctx.shared.dataAccount?.queueEndpoint ?? '';
  const queues: AzureConsumedQueue[] = [
    ...t.queues.map(({ queue, subscription }) => ({
      queueName: ctx.nativeOf(queue).queueName,
      endpoint,
      source: { kind: 'queue' as const, id: queue.node.id },
      maxRetries: subscription.maxRetries,
    })),
    ...t.topics.map(({ topic, subscription }) => ({
      queueName: subscriberQueueName(topic, fn),
      endpoint,
      source: { kind: 'topic' as const, id: topic.node.id },
      maxRetries: subscription.maxRetries,
    })),
    ...t.objectEvents.map(({ bucket, subscription }) => ({
      queueName: notificationQueueName(bucket, bucket.subscriptions.indexOf(subscription)),
      endpoint,
      source: { kind: 'bucket' as const, id: bucket.node.id },
      maxRetries: OBJECT_EVENT_RETRIES,
    })),
    ...(t.schedules.length > 0
      ? [
          {
            queueName: scheduleQueueName(fn),
            endpoint,
            source: { kind: 'schedule' as const, id: fn.node.id },
            maxRetries: SCHEDULE_RETRIES,
          },
        ]
      : []),
  ];
  const timers = new Map<string, AzureTimer>();
  for (const schedule of t.schedules) {
    const translated = toAzureTimer(schedule);
    if (typeof translated === 'string') continue; // reported by validation
    const timer = timers.get(translated.schedule);
    timers.set(translated.schedule, {
      schedule: translated.schedule,
      matchers: [...(timer?.matchers ?? []), translated.matcher],
    });
  }
  const api = t.routes[0]?.api;
  return {
    routes: t.routes.map(({ api: routeApi, route }) => ({
      ...(route.auth.kind === 'jwt' && routeApi.auth ? { scopes: route.auth.scopes } : {}),
      key: `${route.key.method} ${route.key.path}`,
      method: route.key.method,
      path: route.key.path,
      route: azureRouteTemplate(route.key.path),
    })),
    ...(api?.cors ? { cors: api.cors } : {}),
    queues,
    timers: [...timers.values()].sort((a, b) => (a.schedule < b.schedule ? -1 : 1)),
    ...(t.schedules.length > 0 ? { scheduleQueue: { endpoint, queueName: scheduleQueueName(fn) } } : {}),
  };
}

/** A setting of a function app. */
export type AppSetting = { readonly name: string; readonly value: pulumi.Input<string> };

/**
 * The app settings of a function app: the identity-based host storage connection, the data
 * connection its queue triggers use, the anycloud settings the shim reads (path, bindings,
 * triggers, identity) and the user's environment, sorted by name. Flex Consumption rejects the
 * classic `FUNCTIONS_WORKER_RUNTIME` / `WEBSITE_RUN_FROM_PACKAGE` settings, so none is set.
 */
export function functionAppSettings(
  fn: Function,
  ctx: AzureBuildContext,
  identityClientId: pulumi.Input<string>,
  bindings: Readonly<Record<string, AzureBinding>>,
  triggers: AzureTriggers,
): AppSetting[] {
  const host = ctx.shared.hostAccount!;
  const data = ctx.shared.dataAccount;
  const settings: AppSetting[] = [
    { name: 'AzureWebJobsStorage__accountName', value: host.name },
    { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' },
    { name: 'AzureWebJobsStorage__clientId', value: identityClientId },
    { name: APP_SETTINGS.functionPath, value: fn.node.path },
    { name: APP_SETTINGS.identityClientId, value: identityClientId },
    {
      name: APP_SETTINGS.bindings,
      value: pulumi.output(bindings as Record<string, ResourceBinding>).apply(stableJson),
    },
    { name: APP_SETTINGS.triggers, value: stableJson(triggers) },
    ...(consumedRetries(ctx.triggersOf(fn)).length > 0 && data
      ? [
          { name: `${APP_SETTINGS.dataConnection}__queueServiceUri`, value: data.queueEndpoint },
          { name: `${APP_SETTINGS.dataConnection}__credential`, value: 'managedidentity' },
          { name: `${APP_SETTINGS.dataConnection}__clientId`, value: identityClientId },
        ]
      : []),
    ...Object.keys(fn.environment).map((name) => ({ name, value: fn.environment[name] })),
  ];
  return settings.sort((a, b) => (a.name < b.name ? -1 : 1));
}
