/** The median of `values` (the upper one of an even count): robust to this machine's outliers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Runs `a` and `b` alternately, `runs` times each, after one warm-up run of each (caches, JIT,
 * disk), so both see the same machine state; returns the samples of each.
 */
export function alternate<T>(runs: number, a: () => T, b: () => T): { a: T[]; b: T[] } {
  a();
  b();
  const out = { a: [] as T[], b: [] as T[] };
  for (let i = 0; i < runs; i++) {
    out.a.push(a());
    out.b.push(b());
  }
  return out;
}
