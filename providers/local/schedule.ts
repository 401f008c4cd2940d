import type { LocalBuilder } from './context';

/** Schedule → fired by the local scheduler on the target's clock, in the schedule's time zone. */
export const scheduleBuilder: LocalBuilder<'schedule'> = {
  create(node, ctx) {
    ctx.register(node, { schedule: node });
  },
};
