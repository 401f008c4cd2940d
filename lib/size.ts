/** A memory or storage size, written for humans: `'512 MB'`, `'2 GB'`. */
export type Size = `${number} MB` | `${number} GB`;

/** Parses a {@link Size} to whole megabytes; `undefined` when it is not a valid size. */
export function parseSizeMb(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?) (MB|GB)$/.exec(value);
  if (!match) return undefined;
  const mb = Number(match[1]) * (match[2] === 'GB' ? 1024 : 1);
  return Number.isInteger(mb) && mb > 0 ? mb : undefined;
}
