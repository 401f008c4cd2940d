/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ASSET_HASH = /\b[0-9a-f]{64}\b/g;

function sortKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value as Json;
}

/**
 * Makes a synthesized document machine-independent: keys sorted, content hashes replaced
 * by numbered placeholders (in order of first appearance), absolute paths under `roots`
 * replaced by `<root>`.
 */
export function normalize(document: unknown, roots: readonly string[] = []): Json {
  let text = JSON.stringify(sortKeys(document));
  for (const root of roots) text = text.split(root).join('<root>');
  const seen = new Map<string, string>();
  text = text.replace(ASSET_HASH, (hash) => {
    if (!seen.has(hash)) seen.set(hash, `<hash-${seen.size + 1}>`);
    return seen.get(hash)!;
  });
  return JSON.parse(text) as Json;
}
