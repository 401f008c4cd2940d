import * as cloudscheduler from '@pulumi/gcp/cloudscheduler';
import type { Schedule } from 'anycloud';
import type { GcpBuilder } from './context';
import { gcpName } from './naming';

/** A rate as a unix cron Cloud Scheduler takes, or an error sentence when a cron cannot express it. */
export function schedulerCron(schedule: Schedule): string {
  if (schedule.rateSeconds === undefined) return schedule.cron as string;
  const minutes = schedule.rateSeconds / 60;
  if (minutes < 60 && 60 % minutes === 0) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  if (minutes % 60 === 0 && minutes < 1440 && 24 % (minutes / 60) === 0)
    return minutes === 60 ? '0 * * * *' : `0 */${minutes / 60} * * *`;
  if (minutes === 1440) return '0 0 * * *';
  throw new Error(`internal: ${schedule.node.path} rate passed validation`);
}

/** True when Cloud Scheduler can run the schedule (a cron, or a rate that divides an hour or a day). */
export function schedulerExpressible(schedule: Schedule): boolean {
  if (schedule.rateSeconds === undefined) return true;
  const minutes = schedule.rateSeconds / 60;
  return (
    (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) ||
    (minutes % 60 === 0 && minutes <= 1440 && 24 % (minutes / 60) === 0)
  );
}

/**
 * Schedule → a Cloud Scheduler job in the schedule's time zone (Cloud Scheduler runs unix cron in
 * any IANA zone itself, summer time included) that publishes `{ scheduleId }` to the target
 * function's schedule topic; the topic's push subscription runs the function with two retries,
 * then dead-letters (the function builder lets the Cloud Scheduler service agent publish on that
 * topic only).
 */
export const scheduleBuilder: GcpBuilder<'schedule'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const project = ctx.settings.project;
    const topic = ctx.nativeOf(node.target).scheduleTopic!;
    const job = new cloudscheduler.Job(
      `${node.node.path}/job`,
      ctx.transform(
        'schedule',
        {
          project,
          region: ctx.settings.region,
          name: gcpName(node, 'schedulerJob'),
          description: `anycloud ${node.node.path} → ${node.target.node.path}`,
          schedule: schedulerCron(node),
          timeZone: node.timeZone,
          pubsubTarget: {
            topicName: topic.id,
            data: Buffer.from(JSON.stringify({ scheduleId: node.node.id })).toString('base64'),
          },
        },
        node,
      ),
      ctx.optionsOf(node, [ctx.nativeOf(node.target).schedulePublisher!]),
    );
    ctx.register(node, { component, job });
    component.complete({ jobName: job.name });
  },
};
