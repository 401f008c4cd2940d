import { join } from 'node:path';
import { App, Function, Schedule } from 'anycloud';
import { toCloudflareCron, type CloudflareCron } from '../../providers/cloudflare/cron';
import { scheduleDue } from '../../providers/cloudflare/runtime/schedule-match';
import {
  cronerFirings,
  DST_CASES,
  EXPRESSIONS,
  firingDifferences,
  iso,
  MINUTE,
  useCachedLocaleStrings,
  ZONES,
  triggerInstants,
  type FiringDifferences,
} from '../support/croner-oracle';

// On Cloudflare a zoned schedule must fire at exactly the instants croner fires it (see the oracle).

const entry = join(__dirname, '..', 'conformance', 'handlers.ts');

/** Every instant of the year at which Cloudflare fires a cron trigger (UTC; day of week 1-7 from Sunday). */
const cronInstants = (cron: string) => triggerInstants(cron.split(' '), 1);

function cloudflareCronOf(expression: string, timeZone: string): CloudflareCron {
  const app = new App({ name: 'dst' });
  const target = new Function(app, 'Tick', { entry, handler: 'tick' });
  const translated = toCloudflareCron(new Schedule(app, 'S', { cron: expression, timeZone, target }));
  if (typeof translated === 'string') throw new Error(translated);
  return translated;
}

describe('zoned schedules on Cloudflare fire exactly when croner fires them (every day of 2026)', () => {
  useCachedLocaleStrings();

  test.each(ZONES)('%s', (timeZone) => {
    const problems: Record<string, FiringDifferences> = {};
    for (const expression of EXPRESSIONS) {
      const { cron, matcher } = cloudflareCronOf(expression, timeZone);
      const firings = cronerFirings(expression, timeZone);
      const differences = firingDifferences(cronInstants(cron), (t) => scheduleDue(matcher, t), firings);
      if (differences) problems[`${expression} (trigger ${cron})`] = differences;
      expect(firings.length).toBeGreaterThan(0);
    }
    expect(problems).toEqual({});
  });

  test.each(DST_CASES)('%s in %s from %s (%d hours)', (expression, timeZone, from, hours, expected) => {
    const { cron, matcher } = cloudflareCronOf(expression, timeZone);
    const start = Date.parse(from);
    const due = cronInstants(cron).filter(
      (t) => t >= start && t < start + hours * 60 * MINUTE && scheduleDue(matcher, t),
    );
    expect(iso(due)).toEqual(expected);
  });
});
