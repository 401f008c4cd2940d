/**
 * The slice of the Cloudflare Workers runtime API the shim and clients use, typed here so the
 * bundle needs no type package. Names and shapes follow workerd's own definitions.
 */
import type { SqlDatabase } from 'anycloud/runtime/host';

/** A D1 database binding: exactly the SQL database shape the shared table client uses. */
export type D1Database = SqlDatabase;

/** An R2 object with its body. */
export interface R2ObjectBody {
  readonly key: string;
  readonly size: number;
  readonly httpMetadata?: { contentType?: string };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** An R2 bucket binding. */
export interface R2Bucket {
  get(key: string): Promise<R2ObjectBody | null>;
  put(
    key: string,
    value: string | Uint8Array,
    options?: { httpMetadata?: { contentType?: string } },
  ): Promise<unknown>;
  delete(key: string): Promise<void>;
  list(options?: { prefix?: string; cursor?: string; limit?: number }): Promise<{
    objects: { key: string; size: number }[];
    truncated: boolean;
    cursor?: string;
  }>;
}

/** A Queues producer binding. */
export interface QueueProducer {
  send(body: unknown, options?: { contentType?: 'json' | 'text'; delaySeconds?: number }): Promise<void>;
}

/** A service binding (another Worker). */
export interface Fetcher {
  fetch(request: Request): Promise<Response>;
}

/** One message of a queue batch, acknowledged or retried on its own. */
export interface QueueMessage {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: unknown;
  readonly attempts: number;
  ack(): void;
  retry(): void;
}

/** A batch delivered to a queue consumer. */
export interface MessageBatch {
  readonly queue: string;
  readonly messages: readonly QueueMessage[];
}

/** The controller of a cron trigger firing. */
export interface ScheduledController {
  readonly cron: string;
  readonly scheduledTime: number;
}

/** The execution context of one event. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** A Worker's bindings, by binding name. */
export type WorkerEnv = Readonly<Record<string, unknown>>;

/** A module Worker's handlers. */
export interface ModuleWorker {
  fetch?(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response>;
  scheduled?(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void>;
  queue?(batch: MessageBatch, env: WorkerEnv, ctx: ExecutionContext): Promise<void>;
}
