import { join } from 'node:path';
import { App, Function, Schedule } from 'anycloud';
import { toCloudflareCron, type CloudflareCron } from '../../providers/cloudflare/cron';
import { scheduleDue } from '../../providers/cloudflare/runtime/schedule-match';
import { describeCronerAgreement, triggerInstants } from '../support/croner-oracle';

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
  describeCronerAgreement((expression, timeZone) => {
    const { cron, matcher } = cloudflareCronOf(expression, timeZone);
    return { text: cron, instants: cronInstants(cron), due: (t) => scheduleDue(matcher, t) };
  });
});
