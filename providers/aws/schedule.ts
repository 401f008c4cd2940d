import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { toEventBridgeCron } from './cron';
import { NAME_RULES, physicalName } from './naming';

/** Schedule → EventBridge Scheduler (time zone aware) invoking the Lambda, with retries and the function's dead-letter queue. */
export const scheduleBuilder: AwsBuilder<'schedule'> = {
  create(node, ctx) {
    const fn = ctx.nativeOf(node.target);
    const expression = node.cronExpression
      ? scheduler.ScheduleExpression.expression(
          toEventBridgeCron(node.cronExpression),
          TimeZone.of(node.timeZone),
        )
      : scheduler.ScheduleExpression.rate(Duration.seconds(node.rateSeconds ?? 60));
    const props = ctx.transform(
      'schedule',
      {
        scheduleName: physicalName(node, NAME_RULES.schedule),
        description: `anycloud ${node.node.path} → ${node.target.node.path}`,
        schedule: expression,
        target: new LambdaInvoke(fn.function, {
          input: scheduler.ScheduleTargetInput.fromObject({
            anycloud: 'schedule',
            scheduleId: node.node.id,
            time: scheduler.ContextAttribute.scheduledTime,
          }),
          deadLetterQueue: fn.deadLetterQueue,
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      },
      node,
    );
    ctx.register(node, {
      schedule: new scheduler.Schedule(ctx.scopeOf(node.target), constructIdOf(node), props),
    });
  },
};
