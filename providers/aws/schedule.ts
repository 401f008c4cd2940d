import { Duration, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { constructIdOf } from './construct-id';
import type { AwsBuilder } from './context';
import { toEventBridgeCron } from './cron';
import { acknowledgeWildcardResources } from './nag';
import { NAME_RULES, physicalName } from './naming';

/** Schedule → EventBridge Scheduler (time zone aware) invoking the Lambda, with retries and the function's dead-letter queue. */
export const scheduleBuilder: AwsBuilder<'schedule'> = {
  create(node, ctx) {
    const fn = ctx.nativeOf(node.target);
    const scope = ctx.scopeOf(node.target);
    const id = constructIdOf(node);
    // One role per schedule, allowed to invoke only its target function.
    const role = new iam.Role(scope, `${id}-Role`, {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: `anycloud schedule ${node.node.path}`,
    });
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
          role,
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
    const schedule = new scheduler.Schedule(scope, id, props);
    acknowledgeWildcardResources(
      role.node.findChild('DefaultPolicy'),
      'aws-cdk-lib grants lambda:InvokeFunction on <function ARN>:* (its versions and aliases) next to the function ARN; the action is exact and the resource is this one function.',
    );
    ctx.register(node, { schedule });
  },
};
