/** Counts native resources per type, sorted by type: the table `anycloud synth` prints. */
export function countByType(types: readonly string[]): [type: string, count: number][] {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
