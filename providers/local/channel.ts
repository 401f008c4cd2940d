import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from './atomic-file';
import type { Clock } from './clock';

/** One persisted message of a channel. */
export interface ChannelMessage {
  readonly id: string;
  readonly body: unknown;
  readonly sentAt: number;
  /** Deliveries so far (SQS's receive count). */
  attempts: number;
  /** Not delivered before this time (in flight, delayed, or waiting to be retried). */
  visibleAt: number;
  /** True once a delivery failed: `drain` retries at once instead of waiting for the delay. */
  retrying?: boolean;
}

interface ChannelState {
  messages: ChannelMessage[];
  deadLetters: ChannelMessage[];
}

/**
 * A persisted message channel with at-least-once delivery: the backing of queues, topic
 * subscriptions and object-event subscriptions on the local target. Messages are leased for
 * a visibility timeout while delivered, so a crash mid-delivery redelivers them; a message
 * that fails `maxRetries + 1` deliveries moves to the dead letters. The whole state is one
 * file, rewritten atomically, so stopping and restarting loses nothing.
 */
export class Channel {
  private readonly file: string;
  private state: ChannelState;

  constructor(
    readonly name: string,
    stateDir: string,
    private readonly clock: Clock,
    private readonly options: {
      readonly visibilityTimeoutMs: number;
      readonly maxRetries: number;
      readonly retryDelayMs: number;
    },
  ) {
    this.file = join(stateDir, 'channels', `${name}.json`);
    this.state = readJsonFile<ChannelState>(this.file, { messages: [], deadLetters: [] });
  }

  private persist(): void {
    writeFileAtomic(this.file, JSON.stringify(this.state));
  }

  /** Adds a message (JSON-serialisable body), visible after `delayMs`. */
  send(body: unknown, delayMs = 0): string {
    const id = randomUUID();
    const now = this.clock.now();
    this.state.messages.push({
      id,
      body: JSON.parse(JSON.stringify(body ?? null)),
      sentAt: now,
      attempts: 0,
      visibleAt: now + delayMs,
    });
    this.persist();
    return id;
  }

  /** Messages not yet delivered successfully. */
  get pending(): readonly ChannelMessage[] {
    return this.state.messages;
  }

  /** Messages that failed every delivery. */
  get deadLetters(): readonly ChannelMessage[] {
    return this.state.deadLetters;
  }

  /** True when a message could be delivered now (or, with `ignoreRetryDelay`, is only waiting to be retried). */
  hasDeliverable(ignoreRetryDelay: boolean): boolean {
    const now = this.clock.now();
    return this.state.messages.some((m) => m.visibleAt <= now || (ignoreRetryDelay && m.retrying));
  }

  /** Leases up to `max` deliverable messages: each counts a delivery and is hidden for the visibility timeout. */
  receive(max: number, ignoreRetryDelay = false): ChannelMessage[] {
    const now = this.clock.now();
    const batch = this.state.messages
      .filter((m) => m.visibleAt <= now || (ignoreRetryDelay && m.retrying))
      .slice(0, max);
    for (const m of batch) {
      m.attempts += 1;
      m.visibleAt = now + this.options.visibilityTimeoutMs;
      m.retrying = false;
    }
    if (batch.length > 0) this.persist();
    return batch.map((m) => ({ ...m }));
  }

  /** Settles a delivered batch: succeeded messages are removed; failed ones are retried, or dead-lettered after maxRetries. */
  settle(succeeded: readonly string[], failed: readonly string[]): void {
    const done = new Set(succeeded);
    const retry = new Set(failed);
    const now = this.clock.now();
    const keep: ChannelMessage[] = [];
    for (const m of this.state.messages) {
      if (done.has(m.id)) continue;
      if (retry.has(m.id)) {
        if (m.attempts > this.options.maxRetries) {
          this.state.deadLetters.push(m);
          continue;
        }
        m.visibleAt = now + this.options.retryDelayMs;
        m.retrying = true;
      }
      keep.push(m);
    }
    this.state.messages = keep;
    this.persist();
  }
}
