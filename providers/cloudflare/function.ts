import { readFileSync } from 'node:fs';
import * as cloudflare from '@pulumi/cloudflare';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { childOf } from '../shared/pulumi-component';
import { MAIN_MODULE, needsNodeCompat } from './bundling';
import {
  connectConsumer,
  declareConsumedQueue,
  notificationQueueName,
  subscriberQueueName,
} from './consumed-queue';
import type { CloudflareBuilder } from './context';
import { toCloudflareCron } from './cron';
import { CLOUDFLARE_LIMITS } from './limits';
import { cloudflareName } from './naming';
import { ENV, type QueueSource, type ScheduleMatcher } from './runtime/worker-env';

/** A failing schedule run is retried this many times, then dead-lettered (as EventBridge Scheduler does on AWS). */
const SCHEDULE_RETRIES = 2;

/** Sorted-key JSON, so a binding's text is the same on every run. */
function stableJson(value: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/**
 * Function → a module Worker script (ES module, pinned compatibility date, `nodejs_compat`
 * only when the bundle imports Node.js built-ins or reads environment variables), bindings only
 * for its grants, CPU time from its timeout (Paid plan), workers.dev off (the gateway, queues
 * and cron triggers reach it), and one cron trigger list for its schedules, whose firings go
 * through the function's schedule queue (retries, then dead letters).
 */
export const functionBuilder: CloudflareBuilder<'function'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const bundle = ctx.bundles.get(node)!;
    const triggers = ctx.triggersOf(node);
    const scriptName = cloudflareName(node, 'worker');

    const grants = node.grants.map((g) => ctx.grant(g));
    const scheduleQueueName = cloudflareName(node, 'queue', 'schedules');
    const scheduleQueue =
      triggers.schedules.length > 0
        ? declareConsumedQueue(node, 'schedule-queue', scheduleQueueName, ctx)
        : undefined;
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

    const plainText = (name: string, text: string) => ({ type: 'plain_text', name, text });
    const environment = Object.keys(node.environment).sort();
    const args = ctx.transform(
      'function',
      {
        accountId: ctx.settings.accountId,
        scriptName,
        content: readFileSync(bundle.file, 'utf8'),
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
    const script = new cloudflare.WorkersScript(`${node.node.path}/script`, args, childOf(component));
    const subdomain = new cloudflare.WorkersScriptSubdomain(
      `${node.node.path}/workers-dev`,
      {
        accountId: ctx.settings.accountId,
        scriptName: script.scriptName,
        enabled: false,
        previewsEnabled: false,
      },
      childOf(component),
    );
    ctx.register(node, { component, script, subdomain, scheduleQueue });
  },

  connect(node, ctx) {
    const natives = ctx.nativeOf(node);
    // Each schedule's builder already translated its cron.
    const crons = [...new Set(ctx.triggersOf(node).schedules.map((s) => ctx.nativeOf(s).cron))].sort();
    if (natives.scheduleQueue)
      connectConsumer(node, node, natives.scheduleQueue, { maxRetries: SCHEDULE_RETRIES }, ctx);
    if (crons.length > 0) {
      natives.cronTrigger = new cloudflare.WorkersCronTrigger(
        `${node.node.path}/crons`,
        {
          accountId: ctx.settings.accountId,
          scriptName: natives.script.scriptName,
          schedules: crons.map((cron) => ({ cron })),
        },
        childOf(natives.component),
      );
    }
    natives.component.complete({ scriptName: natives.script.scriptName });
  },
};
