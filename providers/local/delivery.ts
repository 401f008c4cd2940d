import type { Schedule } from 'anycloud';
import type { Message, ObjectEvent } from 'anycloud/runtime';
import { dispatchMessages, handlerFor } from 'anycloud/runtime/host';
import type { Consumer } from './context';
import type { FunctionRunner } from './function-runner';
import type { InvocationLog } from './invocation-log';

/**
 * Delivers what wakes functions asynchronously on the local target: batches of queue, topic and
 * object-event messages to their consumers (failed messages retried, then dead-lettered, as on
 * the clouds), and schedule firings.
 */
export class Delivery {
  constructor(
    private readonly consumers: readonly Consumer[],
    private readonly runner: FunctionRunner,
    private readonly log: (entry: InvocationLog) => void,
    private readonly nextInvocationId: () => string,
  ) {}

  /** Delivers one batch to a consumer; false when it had nothing to deliver. */
  async deliver(consumer: Consumer, ignoreRetryDelay: boolean): Promise<boolean> {
    if (consumer.busy || !consumer.channel.hasDeliverable(ignoreRetryDelay)) return false;
    consumer.busy = true;
    const started = performance.now();
    const batch = consumer.channel.receive(consumer.batchSize, ignoreRetryDelay);
    const ids = batch.map((m) => m.id);
    let failed: string[] = ids;
    let error: string | undefined;
    try {
      const fn = consumer.fn;
      const context = { functionPath: fn.node.path, invocationId: crypto.randomUUID() };
      failed = await this.runner.invoke(fn, async (handler) => {
        if (consumer.kind === 'object') {
          const onObject = handlerFor(
            handler,
            'object-event',
            `an object event of bucket ${consumer.sourceId}`,
            `"${fn.node.path}"`,
          );
          const failures: string[] = [];
          for (const m of batch) {
            try {
              await onObject.run(m.body as ObjectEvent, context);
            } catch (e) {
              failures.push(m.id);
              error = (e as Error).message;
            }
          }
          return failures;
        }
        const consumerHandler = handlerFor(
          handler,
          'messages',
          `a message of ${consumer.kind} ${consumer.sourceId}`,
          `"${fn.node.path}"`,
        );
        const messages: Message[] = batch.map((m) => ({
          id: m.id,
          body: m.body,
          attempt: m.attempts,
          source: { kind: consumer.kind as 'queue' | 'topic', id: consumer.sourceId },
        }));
        return dispatchMessages(consumerHandler, messages, context);
      });
    } catch (e) {
      error = (e as Error).message;
    } finally {
      consumer.channel.settle(
        ids.filter((id) => !failed.includes(id)),
        failed,
      );
      consumer.busy = false;
    }
    this.log({
      function: consumer.fn.node.path,
      trigger: `${consumer.kind} ${consumer.sourceId} (${batch.length})`,
      status: failed.length ? `${failed.length} failed` : 'ok',
      ms: performance.now() - started,
      error,
    });
    return true;
  }

  /** One round over every consumer; true when any of them got a batch. */
  async deliverAll(ignoreRetryDelay: boolean): Promise<boolean> {
    let progress = false;
    for (const consumer of this.consumers)
      progress = (await this.deliver(consumer, ignoreRetryDelay)) || progress;
    return progress;
  }

  /** Delivers every pending message and event, retries and dead-lettering included, until nothing is left. */
  async drain(): Promise<void> {
    for (let round = 0; round < 10_000; round++) {
      if (!(await this.deliverAll(true))) return;
    }
    throw new Error('drain did not settle: a handler keeps producing messages');
  }

  /** Runs a schedule's target once, as a firing at `time`. */
  async fireSchedule(schedule: Schedule, time: string): Promise<void> {
    const started = performance.now();
    const fn = schedule.target;
    let error: string | undefined;
    try {
      await this.runner.invoke(fn, async (handler) => {
        await handlerFor(
          handler,
          'schedule',
          `a firing of schedule ${schedule.node.id}`,
          `"${fn.node.path}"`,
        ).run(
          { scheduleId: schedule.node.id, time },
          { functionPath: fn.node.path, invocationId: this.nextInvocationId() },
        );
      });
    } catch (e) {
      error = (e as Error).message;
    }
    this.log({
      function: fn.node.path,
      trigger: `schedule ${schedule.node.id}`,
      status: error ? 'error' : 'ok',
      ms: performance.now() - started,
      error,
    });
  }
}
