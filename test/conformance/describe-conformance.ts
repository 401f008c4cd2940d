import { conformanceApp } from './app';
import { CONFORMANCE_CASES } from './cases';
import type { ConformanceHarness, ConformanceRunner } from './runner';

/**
 * The one conformance suite, run on `target` through its harness: the same cases and exact
 * expected values on every target. Each target's `<target>.test.ts` calls this once.
 */
export function describeConformance(target: string, harness: ConformanceHarness): void {
  describe(`conformance on ${target}`, () => {
    let runner: ConformanceRunner;
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ runner, close } = await harness.start(conformanceApp()));
    }, 120_000);

    afterAll(async () => close?.());

    for (const c of CONFORMANCE_CASES) {
      test(c.name, async () => {
        await c.run(runner);
      });
    }
  });
}
