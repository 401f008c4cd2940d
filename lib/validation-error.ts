/**
 * One problem found in an app: which construct, which rule, which value.
 */
export interface ValidationIssue {
  /** Construct path, e.g. `shop/Orders`. */
  readonly path: string;
  /** Stable rule id, e.g. `table.partitionKey.length`. */
  readonly rule: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** Human-readable sentence naming the property and the limit. */
  readonly message: string;
}

/** Renders a value for an error message without ever throwing. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint' || typeof value === 'symbol') return String(value);
  try {
    const text = JSON.stringify(value);
    return text === undefined
      ? Object.prototype.toString.call(value)
      : text.length > 80
        ? `${text.slice(0, 77)}...`
        : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The value itself when it is a string, else its description: never throws, whatever it is given. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : describeValue(value);
}

/**
 * The single error type anycloud throws for bad input. It carries every issue
 * found, so a user fixes them all in one pass.
 */
export class ValidationError extends Error {
  /** All issues, in the order they were found. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const lines = issues.map((i) => `  - ${i.path}: ${i.message} [${i.rule}]`);
    super(`${issues.length} validation error${issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}
