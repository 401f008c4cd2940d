import type { Opened } from './natives';

/** Makes `open` run on first use only, then returns the same value. */
export function openOnce<T>(open: () => T): Opened<T> {
  let value: { readonly v: T } | undefined;
  return () => (value ??= { v: open() }).v;
}
