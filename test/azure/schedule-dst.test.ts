import { join } from 'node:path';
import { App, Function, Schedule } from 'anycloud';
import { toAzureTimer, type AzureTimerOfSchedule } from '../../providers/azure/ncrontab';
import { scheduleDue } from '../../providers/azure/runtime/schedule-due';
import { describeCronerAgreement, triggerInstants } from '../support/croner-oracle';

// Flex Consumption runs timers in UTC only; a zoned schedule must still fire at exactly the
// instants croner fires it (see the oracle), through the NCRONTAB timer plus the shim's matcher.

const entry = join(__dirname, '..', 'conformance', 'handlers.ts');

/** Every instant of the year at which a Functions timer fires an NCRONTAB schedule (UTC; day of week 0-6 from Sunday). */
function timerInstants(schedule: string): number[] {
  const [second, ...fields] = schedule.split(' ');
  expect(second).toBe('0');
  return triggerInstants(fields, 0);
}

function azureTimerOf(expression: string, timeZone: string): AzureTimerOfSchedule {
  const app = new App({ name: 'dst' });
  const target = new Function(app, 'Tick', { entry, handler: 'tick' });
  const translated = toAzureTimer(new Schedule(app, 'S', { cron: expression, timeZone, target }));
  if (typeof translated === 'string') throw new Error(translated);
  return translated;
}

describe('zoned schedules on Azure fire exactly when croner fires them (every day of 2026)', () => {
  describeCronerAgreement((expression, timeZone) => {
    const { schedule, matcher } = azureTimerOf(expression, timeZone);
    return { text: schedule, instants: timerInstants(schedule), due: (t) => scheduleDue(matcher, t) };
  });

  test('a UTC cron becomes the same NCRONTAB, field by field, and needs no matcher', () => {
    expect(azureTimerOf('45 2 * * 0', 'UTC')).toEqual({
      schedule: '0 45 2 * * 0',
      matcher: { id: 'S', timeZone: 'UTC' },
    });
    expect(azureTimerOf('*/15 2 1 * *', 'UTC').schedule).toBe('0 0,15,30,45 2 1 * *');
  });

  test('a zoned cron fires hourly at the UTC minutes it can fall on (Kathmandu +05:45)', () => {
    expect(azureTimerOf('0 2 * * *', 'Asia/Kathmandu').schedule).toBe('0 15 * * * *');
    expect(azureTimerOf('0 2 * * *', 'Europe/Paris').schedule).toBe('0 0 * * * *');
  });
});
