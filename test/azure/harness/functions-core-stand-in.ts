/**
 * A stand-in for `@azure/functions-core`, the module the Azure Functions Node.js worker injects
 * into a function app: it records the programming model `@azure/functions` sets and every
 * `registerFunction(metadata, handler)`. Jest maps `@azure/functions-core` here (jest.config.js).
 */
export interface Collector {
  model?: unknown;
  readonly registrations: { metadata: unknown; handler: unknown }[];
}

let current: Collector | undefined;

/** Collects what the package loaded by `load` registers. */
export function collect<T>(load: () => T): { result: T; collector: Collector } {
  const collector: Collector = { registrations: [] };
  current = collector;
  try {
    return { result: load(), collector };
  } finally {
    current = undefined;
  }
}

export function setProgrammingModel(model: unknown): void {
  current!.model = model;
}

export function registerFunction(metadata: unknown, handler: unknown): { dispose(): void } {
  current!.registrations.push({ metadata, handler });
  return { dispose() {} };
}

export function log(): void {}
