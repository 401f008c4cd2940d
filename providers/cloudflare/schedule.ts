import type { CloudflareBuilder } from './context';
import { toCloudflareCron } from './cron';

/**
 * Schedule → a cron on its target's Worker. Cloudflare keeps one cron-trigger list per script,
 * so the function builder declares the `WorkersCronTrigger` with the crons of all its schedules.
 */
export const scheduleBuilder: CloudflareBuilder<'schedule'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const translated = toCloudflareCron(node);
    if (typeof translated === 'string')
      throw new Error(`internal: ${node.node.path} passed validation: ${translated}`);
    if (node.cron !== undefined && node.timeZone !== 'UTC')
      ctx.degrade(
        node,
        'cloudflare.schedule.zone-in-shim',
        `cron triggers run in UTC: the Worker wakes at every UTC minute "${node.cron}" can fall on in ${node.timeZone} (${translated.cron}) and the shim runs the handler only when it matches in ${node.timeZone}`,
      );
    ctx.register(node, { component, cron: translated.cron });
    component.complete({ cron: translated.cron });
  },
};
