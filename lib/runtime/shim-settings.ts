/**
 * Names of the settings every target's adapter gives a function (environment variables on
 * AWS, plain-text bindings on Workers...), read by the target's shim at start-up.
 */
export const SHIM_SETTINGS = {
  /** Construct path of the function. */
  functionPath: 'ANYCLOUD_FUNCTION',
  /** JSON: construct id → resource binding (see `Bindings`). */
  bindings: 'ANYCLOUD_BINDINGS',
  /** JSON: native source name → the neutral kind and construct id its events come from. */
  sources: 'ANYCLOUD_SOURCES',
  /**
   * `1` when an API routing to this function answers CORS per origin, on targets whose gateway
   * adds CORS headers but not `Vary: Origin` (the shim adds it to every response).
   */
  corsVary: 'ANYCLOUD_CORS_VARY',
} as const;

/**
 * Parses one JSON setting the adapter wrote (`text` is its value, undefined or '' when unset):
 * `fallback` when unset, a clear error naming the setting and what to redeploy when it is not JSON.
 */
export function parseJsonSetting<T>(name: string, text: unknown, fallback: T, redeploy: string): T {
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`anycloud: setting ${name} is not valid JSON; redeploy the ${redeploy}`);
  }
}
