import * as pulumi from '@pulumi/pulumi';
import type { Function } from 'anycloud';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { stableJson } from '../shared/stable-json';
import { OBJECT_EVENT_RETRIES } from './bucket';
import type { GcpBinding, GcpBuildContext } from './context';
import { pushPath } from './push-delivery';
import { FUNCTION_ENV, type GcpPush, type GcpTriggers } from './runtime/function-settings';

/** Schedule firings are retried this many times, then dead-lettered (as EventBridge Scheduler does on AWS). */
export const SCHEDULE_RETRIES = 2;

/** Everything that wakes `fn`, as its shim serves it. */
export function functionTriggers(fn: Function, ctx: GcpBuildContext): GcpTriggers {
  const t = ctx.triggersOf(fn);
  const pushes: GcpPush[] = [
    ...t.queues.map(({ queue, subscription }) => ({
      path: pushPath({ kind: 'queue', id: queue.node.id }),
      source: { kind: 'queue' as const, id: queue.node.id },
      maxRetries: subscription.maxRetries,
    })),
    ...t.topics.map(({ topic, subscription }) => ({
      path: pushPath({ kind: 'topic', id: topic.node.id }),
      source: { kind: 'topic' as const, id: topic.node.id },
      maxRetries: subscription.maxRetries,
    })),
    ...t.objectEvents.map(({ bucket, subscription }) => ({
      path: pushPath({ kind: 'bucket', id: bucket.node.id }, bucket.subscriptions.indexOf(subscription)),
      source: { kind: 'bucket' as const, id: bucket.node.id },
      maxRetries: OBJECT_EVENT_RETRIES,
      ...(subscription.suffix !== undefined ? { suffix: subscription.suffix } : {}),
    })),
    ...(t.schedules.length > 0
      ? [
          {
            path: pushPath({ kind: 'schedule', id: fn.node.id }),
            source: { kind: 'schedule' as const, id: fn.node.id },
            maxRetries: SCHEDULE_RETRIES,
          },
        ]
      : []),
  ];
  const api = t.routes[0]?.api;
  return {
    routes: t.routes.map(({ api, route }) => ({
      key: `${route.key.method} ${route.key.path}`,
      method: route.key.method,
      path: route.key.path,
      ...(route.auth.kind === 'jwt' && api.auth ? { scopes: route.auth.scopes } : {}),
    })),
    ...(api?.cors ? { cors: api.cors } : {}),
    pushes,
  };
}

/**
 * The environment of a function: what the shim reads (path, bindings, triggers, project),
 * `IGNORED_ROUTES` emptied (the Functions Framework answers `/favicon.ico` and `/robots.txt`
 * itself otherwise) and the user's environment.
 */
export function functionEnvironment(
  fn: Function,
  ctx: GcpBuildContext,
  bindings: Readonly<Record<string, GcpBinding>>,
): Record<string, pulumi.Input<string>> {
  const env: Record<string, pulumi.Input<string>> = {
    ...fn.environment,
    IGNORED_ROUTES: '',
    [FUNCTION_ENV.functionPath]: fn.node.path,
    [FUNCTION_ENV.project]: ctx.settings.project,
    [FUNCTION_ENV.bindings]: pulumi.output(bindings as Record<string, ResourceBinding>).apply(stableJson),
    [FUNCTION_ENV.triggers]: stableJson(functionTriggers(fn, ctx)),
  };
  return Object.fromEntries(
    Object.keys(env)
      .sort()
      .map((k) => [k, env[k]]),
  );
}
