import type { AzureBuilder } from './context';
import { toAzureTimer } from './ncrontab';

/**
 * Schedule → a timer trigger in its target's function app (NCRONTAB, UTC: Flex Consumption has
 * no time zones, so a zoned cron fires at every UTC minute it can fall on and the shim checks the
 * zone). Each firing goes through the function's schedule queue, so a failing run is retried
 * twice, then poisoned. Nothing is declared in Azure Resource Manager: the function builder
 * registers the timer in the function's settings.
 */
export const scheduleBuilder: AzureBuilder<'schedule'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const translated = toAzureTimer(node);
    if (typeof translated === 'string')
      throw new Error(`internal: ${node.node.path} passed validation: ${translated}`);
    if (node.cron !== undefined && node.timeZone !== 'UTC')
      ctx.degrade(
        node,
        'azure.schedule.zone-in-shim',
        `Flex Consumption timers run in UTC: the timer fires at every UTC minute "${node.cron}" can fall on in ${node.timeZone} (${translated.schedule}) and the shim runs the handler only when it matches in ${node.timeZone}`,
      );
    ctx.register(node, {
      component,
      timer: { schedule: translated.schedule, matchers: [translated.matcher] },
    });
    component.complete({ schedule: translated.schedule });
  },
};
