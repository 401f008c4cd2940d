import * as cloudflare from '@pulumi/cloudflare';
import { childOf } from '../shared/pulumi-component';
import { connectConsumer, declareConsumedQueue } from './consumed-queue';
import type { CloudflareBuilder } from './context';
import { functionScriptArgs } from './function-script-args';
import { cloudflareName } from './naming';

/** A failing schedule run is retried this many times, then dead-lettered (as EventBridge Scheduler does on AWS). */
const SCHEDULE_RETRIES = 2;

/**
 * Function → a module Worker script (ES module, pinned compatibility date, `nodejs_compat`
 * only when the bundle imports Node.js built-ins or reads environment variables), bindings only
 * for its grants, CPU time from its timeout (Paid plan), workers.dev off (the gateway, queues
 * and cron triggers reach it), and one cron trigger list for its schedules, whose firings go
 * through the function's schedule queue (retries, then dead letters).
 *
 * `create` only declares, from a short function: see `NeutralComponent` (providers/shared) on why Pulumi
 * targets keep the frames that declare resources short. Its arguments are built by
 * {@link functionScriptArgs}.
 */
export const functionBuilder: CloudflareBuilder<'function'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const scheduleQueue =
      ctx.triggersOf(node).schedules.length > 0
        ? declareConsumedQueue(node, 'schedule-queue', cloudflareName(node, 'queue', 'schedules'), ctx)
        : undefined;
    const args = functionScriptArgs(node, ctx, scheduleQueue);
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
