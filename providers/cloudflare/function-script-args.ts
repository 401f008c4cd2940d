import type { Function } from 'anycloud';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { MAIN_MODULE, needsNodeCompat } from './bundling';
import { notificationQueueName, subscriberQueueName } from './consumed-queue';
import type { CloudflareBuildContext } from './context';
import { toCloudflareCron } from './cron';
import { CLOUDFLARE_LIMITS } from './limits';
import { cloudflareName } from './naming';
import type { CloudflareNativeArgs, ConsumedQueue } from './natives';
import { ENV, type QueueSource, type ScheduleMatcher } from './runtime/worker-env';

/** Sorted-key JSON, so a binding's text is the same on every run. */
function stableJson(value: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));
}

const plainText = (name: string, text: string) => ({ type: 'plain_text', name, text });

/**
 * The Worker script arguments of a function, after the user's transform: its bundle as an ES
 * module pinned to the compatibility date (`nodejs_compat` only when the bundle imports Node.js
 * built-ins or reads environment variables), bindings only for its grants, the queues it
 * consumes and its crons (as plain-text JSON the Worker shim reads), CPU time from its timeout
 * (Paid plan).
 */
export function functionScriptArgs(
  node: Function,
  ctx: CloudflareBuildContext,
  scheduleQueue: ConsumedQueue | undefined,
): CloudflareNativeArgs['function'] {
  const bundle = ctx.bundles.get(node)!;
  const triggers = ctx.triggersOf(node);

  const grants = node.grants.map((g) => ctx.grant(g));
  const scheduleQueueName = cloudflareName(node, 'queue', 'schedules');
  const runtimeBindings: Record<string, ResourceBinding> = {};
  node.grants.forEach((g, i) => (runtimeBindings[g.resource.node.id] = grants[i].binding));

  const sources: Record<string, QueueSource> = {};
  for (const { queue } of triggers.queues)
    sources[cloudflareName(queue, 'queue')] = { kind: 'queue', id: queue.node.id };
  for (const { topic } of triggers.topics)
    sources[subscriberQueueName(topic, node)] = { kind: 'topic', id: topic.node.id };
  for (const { bucket, subscription } of triggers.objectEvents)
    sources[notificationQueueName(bucket, bucket.subscriptions.indexOf(subscription))] = {
      kind: 'bucket',
      id: bucket.node.id,
    };

  if (scheduleQueue) sources[scheduleQueueName] = { kind: 'schedule', id: node.node.id };

  const schedules: Record<string, ScheduleMatcher[]> = {};
  for (const schedule of triggers.schedules) {
    const translated = toCloudflareCron(schedule);
    if (typeof translated === 'string') continue; // reported by validation
    (schedules[translated.cron] ??= []).push(translated.matcher);
  }

  const environment = Object.keys(node.environment).sort();
  return ctx.transform(
    'function',
    {
      accountId: ctx.settings.accountId,
      scriptName: cloudflareName(node, 'worker'),
      content: ctx.scriptContent(bundle),
      mainModule: MAIN_MODULE,
      compatibilityDate: ctx.settings.compatibilityDate,
      compatibilityFlags: needsNodeCompat(bundle) || environment.length > 0 ? ['nodejs_compat'] : [],
      bindings: [
        plainText(ENV.functionPath, node.node.path),
        plainText(ENV.bindings, stableJson(runtimeBindings)),
        ...(Object.keys(sources).length ? [plainText(ENV.sources, stableJson(sources))] : []),
        ...(Object.keys(schedules).length ? [plainText(ENV.schedules, stableJson(schedules))] : []),
        ...(scheduleQueue
          ? [{ type: 'queue', name: ENV.scheduleQueue, queueName: scheduleQueue.queue.queueName }]
          : []),
        ...environment.map((name) => plainText(name, node.environment[name])),
        ...grants.flatMap((g) => g.workerBindings),
      ],
      ...(ctx.settings.plan === 'paid'
        ? { limits: { cpuMs: Math.min(node.timeoutSeconds * 1000, CLOUDFLARE_LIMITS.cpuMs) } }
        : {}),
      observability: { enabled: true },
    },
    node,
  );
}
