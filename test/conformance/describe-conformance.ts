import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTarget } from 'anycloud/testing';
import { conformanceApp } from './app';
import { startTestIssuer, type TestIssuer } from 'anycloud/testing';
import { CONFORMANCE_AUTH_CASES } from './auth-cases';
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
    let issuer: TestIssuer | undefined;

    beforeAll(async () => {
      issuer = harness.auth ? await startTestIssuer() : undefined;
      const auth = issuer && { issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl };
      ({ runner, close } = await harness.start(conformanceApp({ auth })));
    }, 120_000);

    afterAll(async () => {
      await close?.();
      await issuer?.close();
    });

    const deviations = harness.deviations ?? {};
    test('every deviation names a conformance case', () => {
      const names = new Set(CONFORMANCE_CASES.map((c) => c.name));
      expect(Object.keys(deviations).filter((name) => !names.has(name))).toEqual([]);
    });

    if (Object.keys(deviations).length > 0)
      test('every deviation is a degradation the target declares for this app (anycloud check shows it)', async () => {
        const buildDir = mkdtempSync(join(tmpdir(), 'anycloud-conformance-check-'));
        try {
          const { degradations } = await loadTarget(target).check(conformanceApp(), { buildDir });
          const declared = new Set(degradations.map((d) => d.id));
          expect(Object.values(deviations).filter((d) => !declared.has(d.degradation))).toEqual([]);
        } finally {
          rmSync(buildDir, { recursive: true, force: true });
        }
      }, 60_000);

    for (const c of CONFORMANCE_AUTH_CASES) {
      if (harness.auth)
        test(c.name, async () => {
          await c.run(runner, issuer!);
        });
      else test.skip(`${c.name} [not yet mapped on ${target}]`, () => undefined);
    }

    for (const c of CONFORMANCE_CASES) {
      const deviation = deviations[c.name];
      if (deviation)
        test(`${c.name} [deviation on ${target}: ${deviation.reason}]`, async () => {
          await deviation.run(runner);
        });
      else
        test(c.name, async () => {
          await c.run(runner);
        });
    }
  });
}
