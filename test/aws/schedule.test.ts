import { Match } from 'aws-cdk-lib/assertions';
import { Schedule } from 'anycloud';
import { parseCron } from 'anycloud/adapter';
import { toEventBridgeCron } from 'anycloud/aws';
import { fixtureFunction, testApp } from '../fixtures/apps';
import { awsTemplate } from './stack';

describe('Schedule on AWS', () => {
  test('is an EventBridge Scheduler schedule in its time zone, with a neutral payload, retries and dead letters', () => {
    const app = testApp('shop');
    new Schedule(app, 'Nightly', {
      cron: '0 2 * * 1-5',
      timeZone: 'Europe/Paris',
      target: fixtureFunction(app, 'Report', { handler: 'nightly' }),
    });
    const { template } = awsTemplate(app);
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0].Properties;
    expect(schedule.ScheduleExpression).toBe('cron(0 2 ? * 2-6 *)');
    expect(schedule.ScheduleExpressionTimezone).toBe('Europe/Paris');
    expect(schedule.Name).toMatch(/^shop-dev-Nightly-[0-9a-f]{8}$/);
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Report/), 'Arn'] });
    expect(JSON.parse(schedule.Target.Input)).toEqual({
      anycloud: 'schedule',
      scheduleId: 'Nightly',
      time: '<aws.scheduler.scheduled-time>',
    });
    expect(schedule.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    expect(schedule.Target.DeadLetterConfig.Arn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^ReportDeadLetters/), 'Arn'],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      },
    });
  });

  test('a rate becomes rate(n minutes)', () => {
    const app = testApp();
    new Schedule(app, 'Often', {
      rate: '5 minutes',
      target: fixtureFunction(app, 'Job', { handler: 'nightly' }),
    });
    const schedule = Object.values(awsTemplate(app).template.findResources('AWS::Scheduler::Schedule'))[0]
      .Properties;
    expect(schedule.ScheduleExpression).toBe('rate(5 minutes)');
  });

  test.each([
    ['*/15 * * * *', 'cron(*/15 * * * ? *)'],
    ['0 0 1 * *', 'cron(0 0 1 * ? *)'],
    ['30 8 * * 0', 'cron(30 8 ? * 1 *)'],
    ['30 8 * * 7', 'cron(30 8 ? * 1 *)'],
    ['0 9 * * MON-FRI', 'cron(0 9 ? * 2-6 *)'],
    ['0 12 * JAN,JUL *', 'cron(0 12 * 1,7 ? *)'],
    ['0 */2 * * 1,3,5', 'cron(0 */2 ? * 2,4,6 *)'],
    ['5/10 * * * *', 'cron(5/10 * * * ? *)'],
  ])('neutral cron %s → EventBridge %s', (neutral, expected) => {
    const parsed = parseCron(neutral);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(toEventBridgeCron(parsed)).toBe(expected);
  });
});
