import type { RuntimeHost } from 'anycloud/runtime/host';
import { workerInvocation, type WorkerInvocation } from './worker-host';
import type { ModuleWorker } from './workers-types';

/** The event parts a Worker needs; the adapter bundles only those its triggers use. */
export interface WorkerParts {
  readonly fetch?: (invocation: WorkerInvocation) => NonNullable<ModuleWorker['fetch']>;
  readonly scheduled?: (invocation: WorkerInvocation) => NonNullable<ModuleWorker['scheduled']>;
  readonly queue?: (invocation: WorkerInvocation) => NonNullable<ModuleWorker['queue']>;
}

/**
 * Wraps a neutral handler as a module Worker: `fetch` for routes (called by the gateway through
 * a service binding), `scheduled` for cron triggers and `queue` for queue, topic and R2
 * event messages. Only the parts given are included.
 */
export function createWorker(
  exported: unknown,
  factories: RuntimeHost['factories'],
  parts: WorkerParts,
): ModuleWorker {
  const invocation = workerInvocation(exported, factories);
  return {
    ...(parts.fetch ? { fetch: parts.fetch(invocation) } : {}),
    ...(parts.scheduled ? { scheduled: parts.scheduled(invocation) } : {}),
    ...(parts.queue ? { queue: parts.queue(invocation) } : {}),
  };
}
