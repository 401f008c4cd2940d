import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { alternate, median } from '../median';
import type { SynthSample } from './measure-once';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** How a synth benchmark compares anycloud with the same resources written by hand. */
export interface SynthComparison {
  /** `synth-azure`... */
  readonly name: string;
  /** The script measuring one synthesis: `tsx <script> <anycloud|pulumi> <N> <artifact>`. */
  readonly onceScript: string;
  /** What the hand-written program deploys (a prebuilt package), passed to every run. */
  readonly artifact: string;
  readonly sizes: readonly number[];
  readonly runs: number;
}

function synthOnce(script: string, kind: 'anycloud' | 'pulumi', n: number, artifact: string): SynthSample {
  const out = execFileSync(tsx, [script, kind, String(n), artifact], { cwd: root });
  return JSON.parse(out.toString()) as SynthSample;
}

/**
 * For each N, alternates fresh-process syntheses of the anycloud program and the hand-written
 * one (`runs` each) and prints their medians and ratios: wall time, program time, peak RSS, and
 * the resources each declared (natives apart from anycloud's components).
 */
export function compareSynth(c: SynthComparison): void {
  console.log(
    `${c.name}: both under pulumi.runtime.setMocks, median of ${c.runs} fresh-process runs, package cache warm`,
  );
  console.log(
    '   N | resources a/h | anycloud ms | hand Pulumi ms | time ratio | program ratio | anycloud RSS MB | hand RSS MB | RSS ratio',
  );
  const natives: string[] = [];
  for (const n of c.sizes) {
    const { a, b: h } = alternate(
      c.runs,
      () => synthOnce(c.onceScript, 'anycloud', n, c.artifact),
      () => synthOnce(c.onceScript, 'pulumi', n, c.artifact),
    );
    const [am, hm] = [median(a.map((x) => x.ms)), median(h.map((x) => x.ms))];
    const [ar, hr] = [median(a.map((x) => x.rssMb)), median(h.map((x) => x.rssMb))];
    const pr = median(a.map((x) => x.programMs)) / median(h.map((x) => x.programMs));
    console.log(
      `${String(n).padStart(4)} | ${`${a[0].resources}/${h[0].resources}`.padStart(13)} | ${am.toFixed(0).padStart(11)} | ${hm.toFixed(0).padStart(14)} | ${(am / hm).toFixed(3).padStart(10)} | ${pr.toFixed(3).padStart(13)} | ${ar.toFixed(0).padStart(15)} | ${hr.toFixed(0).padStart(11)} | ${(ar / hr).toFixed(3).padStart(9)}`,
    );
    natives.push(`N=${n} ${a[0].custom}/${h[0].custom}`);
  }
  console.log(`  native (non-component) resources a/h: ${natives.join(', ')}`);
}
