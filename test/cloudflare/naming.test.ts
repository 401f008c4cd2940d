import fc from 'fast-check';
import { App, Queue } from 'anycloud';
import { deadLetterName } from '../../providers/cloudflare/consumed-queue';
import { bindingName, cloudflareName, NAME_RULES } from '../../providers/cloudflare/naming';

describe('Cloudflare names', () => {
  test('any app, stage and construct ids give names Cloudflare accepts, distinct per construct', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
        fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/),
        fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,80}$/), { minLength: 2, maxLength: 4 }),
        (name, stage, ids) => {
          const app = new App({ name, stage });
          const names = ids.map((id) => cloudflareName(new Queue(app, id), 'worker'));
          for (const n of names) expect(n).toMatch(/^[a-z0-9_][a-z0-9-_]{0,62}$/);
          expect(new Set(names).size).toBe(ids.length);
          for (const n of names) {
            expect(n.length).toBeLessThanOrEqual(NAME_RULES.worker.maxLength);
            const dlq = deadLetterName(n);
            expect(dlq.length).toBeLessThanOrEqual(63);
            expect(dlq).toMatch(/-dlq$/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  test('two long queue names that share a prefix keep distinct dead-letter queues', () => {
    const a = `${'x'.repeat(55)}-aaaaaaa`;
    const b = `${'x'.repeat(55)}-bbbbbbb`;
    expect(deadLetterName(a)).not.toBe(deadLetterName(b));
    expect(deadLetterName('short-queue')).toBe('short-queue-dlq');
  });

  test('binding names are upper snake case from construct ids', () => {
    expect(bindingName('table', 'OrderItems')).toBe('TABLE_ORDER_ITEMS');
    expect(bindingName('topic', 'Events', 1)).toBe('TOPIC_EVENTS_1');
  });
});
