import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetNames } from 'anycloud/testing';

// Every registered target runs the one conformance suite: a target without a runner does not land.
describe('the conformance suite covers the registry', () => {
  for (const target of targetNames()) {
    test(`${target} has a conformance runner calling describeConformance('${target}', ...)`, () => {
      const file = join(__dirname, `${target}.test.ts`);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(`describeConformance('${target}',`);
    });
  }
});
