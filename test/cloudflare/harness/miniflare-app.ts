import type { App } from 'anycloud';
import { type CapturedResource, CapturedSecret, type CloudflareSynthOptions } from 'anycloud/testing';
import { Log, LogLevel, Miniflare, type WorkerOptions } from 'miniflare';
import { captureCloudflare } from '../../../providers/cloudflare/synth';
import type { ConformanceResponse, ConformanceRunner } from '../../conformance/runner';

const T = {
  script: 'cloudflare:index/workersScript:WorkersScript',
  queue: 'cloudflare:index/queue:Queue',
  consumer: 'cloudflare:index/queueConsumer:QueueConsumer',
  r2: 'cloudflare:index/r2Bucket:R2Bucket',
  notification: 'cloudflare:index/r2BucketEventNotification:R2BucketEventNotification',
  cron: 'cloudflare:index/workersCronTrigger:WorkersCronTrigger',
} as const;

const HARNESS_WORKER = 'anycloud-harness';

/** The hostname the harness serves HttpApi `apiPath` on. */
const hostOf = (apiPath: string) => `${apiPath.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.anycloud.test`;
/** How long `drain()` waits for the queues to empty before it fails. */
const DRAIN_TIMEOUT_MS = 30_000;

/** Options of the harness itself (not of the app). */
export interface MiniflareHarnessOptions {
  /**
   * Seconds before Miniflare redelivers a retried message (every consumer; default 0). A late
   * retry, as on a slow machine: `drain()` must still wait for it.
   */
  readonly retryDelaySeconds?: number;
}

/** A queue producer binding as the Workers runtime gives it. */
interface QueueProducer {
  send(body: unknown, options?: { contentType?: string; delaySeconds?: number }): Promise<void>;
  sendBatch(messages: Iterable<{ body: unknown }>, options?: { delaySeconds?: number }): Promise<void>;
}

/**
 * Miniflare's log, kept in memory: its queue broker reports there, for every batch, how many
 * messages were acknowledged and which ones moved to a dead-letter queue or were dropped.
 */
class BrokerLog extends Log {
  readonly lines: string[] = [];
  constructor(private readonly onLine: (line: string) => void) {
    super(LogLevel.INFO);
  }
  override log(message: string): void {
    // eslint-disable-next-line no-control-regex
    const line = message.replace(/\u001b\[[0-9;]*m/g, '');
    this.lines.push(line);
    this.onLine(line);
  }
}

interface Binding {
  type: string;
  name: string;
  text?: unknown;
  id?: string;
  bucketName?: string;
  queueName?: string;
  service?: string;
  entrypoint?: string;
}

interface Notification {
  readonly bucketName: string;
  readonly producer: string;
  readonly queueName: string;
  readonly rules: { actions: string[]; prefix?: string; suffix?: string }[];
}

const plain = (value: unknown): unknown => (value instanceof CapturedSecret ? value.value : value);

/**
 * One anycloud app "deployed" into Miniflare (workerd, D1, R2, Queues from npm): it runs the
 * real Pulumi program under mocks, then starts exactly the Workers, bindings, queue consumers
 * (batch size, retries, dead-letter queues) and cron handlers the program declared. Two
 * Cloudflare services have no Miniflare emulation and are played by the harness from the
 * declared resources: R2 event notifications (the harness diffs each bucket's listing and
 * sends the notification messages to the declared queue, honouring actions, prefix and
 * suffix) and the cron scheduler (the test fires a declared cron at a given time). The harness
 * counts every message sent to a consumed queue and settles it from the outcomes Miniflare's
 * queue broker logs, so `drain()` returns when nothing is left, not after a quiet spell.
 */
export class MiniflareApp implements ConformanceRunner {
  /**
   * Messages per queue that were sent and are not yet settled (acknowledged, moved on to a
   * dead-letter queue, or dropped), counted by the harness: +n when a Worker, the R2
   * notifier or a test sends, -n as Miniflare's broker reports each batch's outcome. A retried
   * message stays counted until its redelivery settles it, however late that is.
   */
  private readonly pending = new Map<string, number>();
  /** Set when the count went wrong (a send the harness did not see): drain() fails with it. */
  private miscount?: string;
  private readonly deadLettersByQueue = new Map<string, unknown[]>();
  private readonly objects = new Map<string, Map<string, string>>();

  private constructor(
    readonly mf: Miniflare,
    /** Queue names that have a consumer (a message sent to any other queue stays there: nothing to wait for). */
    private readonly consumedQueues: ReadonlySet<string>,
    /** What Miniflare itself logged (the queue broker's batch outcomes among it). */
    readonly brokerLog: BrokerLog,
    readonly resources: readonly CapturedResource[],
    private readonly notifications: readonly Notification[],
    private readonly bucketBindings: ReadonlyMap<string, string>,
    /** What the Workers wrote to stdout and stderr. */
    readonly logs: string[],
  ) {}

  /** Counts `n` more (or, negative, fewer) unsettled messages on `queue`, if it has a consumer. */
  private count(queue: string, n: number): void {
    if (!this.consumedQueues.has(queue)) return;
    const now = (this.pending.get(queue) ?? 0) + n;
    this.pending.set(queue, now);
    // Settled more than was sent: some send went around the count, and could hide a pending one.
    if (now < 0) this.miscount ??= `queue ${queue} settled ${-now} message(s) more than the harness saw sent`;
  }

  /** Reads one line of Miniflare's log: a batch outcome, a move to a dead-letter queue, a drop. */
  private settle(line: string): void {
    const batch = /\bQUEUE (\S+) (\d+)\/(\d+)/.exec(line);
    if (batch) return this.count(batch[1], -Number(batch[2]));
    const moved = /Moving message "[^"]*" on queue "([^"]+)" to dead letter queue "([^"]+)"/.exec(line);
    if (moved) {
      this.count(moved[1], -1);
      return this.count(moved[2], 1);
    }
    const dropped = /Dropped message "[^"]*" on queue "([^"]+)"/.exec(line);
    if (dropped) this.count(dropped[1], -1);
  }

  /** Unsettled messages per queue (only queues with some). */
  private unsettled(): Record<string, number> {
    return Object.fromEntries([...this.pending].filter(([, n]) => n !== 0));
  }

  /** Queue producer `binding` of Worker `script`, for sending from a test (counted like a Worker's sends). */
  async queueProducer(binding: string, script: string): Promise<QueueProducer> {
    const real = (await this.mf.getQueueProducer(binding, script)) as unknown as QueueProducer;
    const queue = (
      (this.resourcesOf(T.script).find((r) => r.inputs.scriptName === script)?.inputs.bindings ??
        []) as Binding[]
    ).find((b) => b.type === 'queue' && b.name === binding)?.queueName;
    if (!queue) throw new Error(`harness: Worker ${script} has no queue binding ${binding}`);
    return {
      send: (body, options) => this.sendCounted(queue, 1, () => real.send(body, options)),
      sendBatch: (messages, options) => {
        const list = [...messages];
        return this.sendCounted(queue, list.length, () => real.sendBatch(list, options));
      },
    };
  }

  /** Counts `n` messages on `queue` before `send` makes them exist, and takes them back if it fails. */
  private async sendCounted(queue: string, n: number, send: () => Promise<void>): Promise<void> {
    this.count(queue, n);
    try {
      await send();
    } catch (error) {
      this.count(queue, -n);
      throw error;
    }
  }

  /** Resources of the captured program with `type`. */
  resourcesOf(type: string): CapturedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** Inputs of the resource named `name`. */
  inputsOf(name: string): Record<string, unknown> {
    const found = this.resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name}`);
    return found.inputs;
  }

  static async deploy(
    neutral: App,
    options: CloudflareSynthOptions = {},
    harness: MiniflareHarnessOptions = {},
  ): Promise<MiniflareApp> {
    const captured = await captureCloudflare(neutral, options);
    const resources = captured.resources;
    const of = (type: string) => resources.filter((r) => r.type === type);
    const queueNameById = new Map(of(T.queue).map((q) => [`${q.name}-queue-id`, String(q.inputs.queueName)]));

    const consumers = new Map<string, Record<string, unknown>>();
    const deadLetterQueues = new Set<string>();
    for (const c of of(T.consumer)) {
      const settings = (c.inputs.settings ?? {}) as { batchSize?: number; maxRetries?: number };
      const queueName = queueNameById.get(String(c.inputs.queueId))!;
      const deadLetterQueue = String(c.inputs.deadLetterQueue);
      deadLetterQueues.add(deadLetterQueue);
      const script = String(c.inputs.scriptName);
      consumers.set(script, {
        ...consumers.get(script),
        [queueName]: {
          maxBatchSize: settings.batchSize,
          maxRetries: settings.maxRetries,
          deadLetterQueue,
          maxBatchTimeout: 0,
          retryDelay: harness.retryDelaySeconds ?? 0,
        },
      });
    }

    const consumedQueues = new Set([
      ...[...consumers.values()].flatMap((c) => Object.keys(c)),
      ...deadLetterQueues,
    ]);

    const ref: { app?: MiniflareApp } = {}; // set once Miniflare is up, before any Worker runs
    const harnessService = async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      if (url.pathname === '/sent') {
        ref.app!.count(url.searchParams.get('queue')!, Number(url.searchParams.get('n')));
      } else if (url.pathname.startsWith('/dead/')) {
        const queue = decodeURIComponent(url.pathname.slice('/dead/'.length));
        const list = ref.app!.deadLettersByQueue.get(queue) ?? [];
        list.push(...((await request.json()) as unknown[]));
        ref.app!.deadLettersByQueue.set(queue, list);
      }
      return new Response('ok');
    };

    const workers: WorkerOptions[] = of(T.script).map((script) => {
      const inputs = script.inputs;
      const name = String(inputs.scriptName);
      const bindings: Record<string, string> = {};
      const d1Databases: Record<string, string> = {};
      const r2Buckets: Record<string, string> = {};
      const queueProducers: Record<string, { queueName: string }> = {};
      const serviceBindings: Record<
        string,
        string | { name: string; entrypoint: string } | ((r: Request) => Promise<Response>)
      > = {
        __HARNESS: harnessService,
      };
      for (const b of (inputs.bindings ?? []) as Binding[]) {
        if (b.type === 'plain_text' || b.type === 'secret_text') bindings[b.name] = String(plain(b.text));
        else if (b.type === 'd1') d1Databases[b.name] = String(b.id);
        else if (b.type === 'r2_bucket') r2Buckets[b.name] = String(b.bucketName);
        else if (b.type === 'queue') queueProducers[b.name] = { queueName: String(b.queueName) };
        else if (b.type === 'service')
          serviceBindings[b.name] = b.entrypoint
            ? { name: String(b.service), entrypoint: String(b.entrypoint) }
            : String(b.service);
        else throw new Error(`harness: binding type ${b.type} not supported`);
      }
      // Producer bindings whose sends the harness counts: binding → queue name.
      const counted = Object.fromEntries(
        Object.entries(queueProducers)
          .filter(([, p]) => consumedQueues.has(p.queueName))
          .map(([binding, p]) => [binding, p.queueName]),
      );
      // Re-exports the Worker's own handlers with an env whose counted producers report each
      // send to the harness before the message exists (and take it back if the send fails).
      const wrapper = [
        `import worker from './worker.js';`,
        `const counted = ${JSON.stringify(counted)};`,
        `const report = (env, queue, n) => env.__HARNESS.fetch('http://h/sent?queue=' + encodeURIComponent(queue) + '&n=' + n);`,
        `const producer = (env, queue, real) => ({`,
        `  async send(body, options) { await report(env, queue, 1); try { return await real.send(body, options); } catch (err) { await report(env, queue, -1); throw err; } },`,
        `  async sendBatch(messages, options) { const list = [...messages]; await report(env, queue, list.length); try { return await real.sendBatch(list, options); } catch (err) { await report(env, queue, -list.length); throw err; } },`,
        `});`,
        `const countedEnv = (env) => new Proxy(env, { get(target, key) { const value = Reflect.get(target, key); return typeof key === 'string' && Object.hasOwn(counted, key) && value ? producer(target, counted[key], value) : value; } });`,
        `const wrapped = {};`,
        `if (worker.fetch) wrapped.fetch = (r, e, c) => worker.fetch(r, countedEnv(e), c);`,
        `if (worker.scheduled) wrapped.scheduled = (c, e, x) => worker.scheduled(c, countedEnv(e), x);`,
        `if (worker.queue) wrapped.queue = (b, e, x) => worker.queue(b, countedEnv(e), x);`,
        `export default wrapped;`,
        // Named exports (RPC entrypoints such as a table reader's TableReader) stay reachable.
        `export * from './worker.js';`,
      ].join('\n');
      const gatewayOf = script.name.endsWith('/gateway')
        ? script.name.slice(0, -'/gateway'.length)
        : undefined;
      return {
        name,
        // A gateway answers on its own host (the way workers.dev gives each script a hostname).
        ...(gatewayOf ? { routes: [`${hostOf(gatewayOf)}/*`] } : {}),
        modules: [
          { type: 'ESModule', path: 'harness.js', contents: wrapper },
          { type: 'ESModule', path: String(inputs.mainModule), contents: String(inputs.content) },
        ],
        compatibilityDate: String(inputs.compatibilityDate),
        compatibilityFlags: (inputs.compatibilityFlags ?? []) as string[],
        bindings,
        d1Databases,
        r2Buckets,
        queueProducers,
        serviceBindings,
        queueConsumers: consumers.get(name) ?? {},
      } as WorkerOptions;
    });

    // The harness worker: holds a binding to every bucket and notification queue, and consumes
    // every dead-letter queue, reporting the bodies.
    const bucketBindings = new Map(of(T.r2).map((b, i) => [String(b.inputs.name), `BUCKET_${i}`]));
    const notifications: Notification[] = of(T.notification).map((n, i) => ({
      bucketName: String(n.inputs.bucketName),
      producer: `NOTIFY_${i}`,
      queueName: queueNameById.get(String(n.inputs.queueId))!,
      rules: n.inputs.rules as Notification['rules'],
    }));
    workers.push({
      name: HARNESS_WORKER,
      modules: true,
      script: `export default {
        async fetch() { return new Response('harness'); },
        async queue(batch, env) {
          await env.__HARNESS.fetch('http://h/dead/' + encodeURIComponent(batch.queue), { method: 'POST', body: JSON.stringify(batch.messages.map((m) => m.body)) });
        },
      };`,
      compatibilityDate: '2026-04-26',
      serviceBindings: { __HARNESS: harnessService },
      r2Buckets: Object.fromEntries([...bucketBindings].map(([bucket, binding]) => [binding, bucket])),
      queueProducers: Object.fromEntries(
        of(T.notification).map((n, i) => [
          `NOTIFY_${i}`,
          { queueName: queueNameById.get(String(n.inputs.queueId))! },
        ]),
      ),
      queueConsumers: Object.fromEntries([...deadLetterQueues].map((q) => [q, { maxBatchTimeout: 0 }])),
    } as WorkerOptions);

    // The first worker answers dispatchFetch; put the harness there so no app Worker is public.
    workers.unshift(workers.pop()!);
    const logs: string[] = [];
    const brokerLog = new BrokerLog((line) => ref.app?.settle(line));
    const mf = new Miniflare({
      workers,
      log: brokerLog,
      // Keep the Workers' console output (expected handler failures included) out of the test report.
      handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
        stdout.on('data', (d: Buffer) => logs.push(String(d)));
        stderr.on('data', (d: Buffer) => logs.push(String(d)));
      },
    });
    await mf.ready;
    ref.app = new MiniflareApp(mf, consumedQueues, brokerLog, resources, notifications, bucketBindings, logs);
    return ref.app;
  }

  /** Sends a request to HttpApi `apiPath` (e.g. `shop/Api`) through its gateway Worker's route. */
  async fetchApi(apiPath: string, path: string, init: RequestInit = {}): Promise<Response> {
    return (await this.mf.dispatchFetch(
      `https://${hostOf(apiPath)}${path}`,
      init as never,
    )) as unknown as Response;
  }

  private apiPath(): string {
    const gateways = this.resources.filter((r) => r.type === T.script && r.name.endsWith('/gateway'));
    if (gateways.length !== 1) throw new Error(`harness: expected one HttpApi, found ${gateways.length}`);
    return gateways[0].name.slice(0, -'/gateway'.length);
  }

  async fetch(
    method: string,
    path: string,
    init: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<ConformanceResponse> {
    const response = await this.fetchApi(this.apiPath(), path, {
      method,
      body: init.body,
      headers: init.headers,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const headers: Record<string, string> = {};
    response.headers.forEach((value: string, name: string) => {
      if (name.toLowerCase() !== 'set-cookie') headers[name.toLowerCase()] = value;
    });
    // dispatchFetch decodes the body and renames the header it decoded (a client sees both as sent).
    if (headers['mf-content-encoding']) {
      headers['content-encoding'] = headers['mf-content-encoding'];
      delete headers['mf-content-encoding'];
    }
    return {
      status: response.status,
      headers,
      cookies: response.headers.getSetCookie(),
      bytes,
      text,
      json: () => JSON.parse(text),
    };
  }

  /** Sends the R2 event notifications for what changed in each bucket since the last look. */
  private async notifyObjectChanges(): Promise<number> {
    let sent = 0;
    for (const [bucketName, binding] of this.bucketBindings) {
      const bucket = (await this.mf.getR2Bucket(binding, HARNESS_WORKER)) as unknown as {
        list(o: { cursor?: string; limit: number }): Promise<{
          objects: { key: string; etag: string; size: number }[];
          truncated: boolean;
          cursor?: string;
        }>;
      };
      const now = new Map<string, { etag: string; size: number }>();
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ cursor, limit: 1000 });
        for (const o of page.objects) now.set(o.key, { etag: o.etag, size: o.size });
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      const before = this.objects.get(bucketName) ?? new Map<string, string>();
      const events: { action: string; key: string; size?: number }[] = [];
      for (const [key, o] of now)
        if (before.get(key) !== o.etag) events.push({ action: 'PutObject', key, size: o.size });
      for (const key of before.keys()) if (!now.has(key)) events.push({ action: 'DeleteObject', key });
      this.objects.set(bucketName, new Map([...now].map(([k, o]) => [k, o.etag])));
      for (const n of this.notifications.filter((x) => x.bucketName === bucketName)) {
        const producer = await this.mf.getQueueProducer(n.producer, HARNESS_WORKER);
        for (const e of events) {
          const match = n.rules.some(
            (r) =>
              r.actions.includes(e.action) &&
              (r.prefix === undefined || e.key.startsWith(r.prefix)) &&
              (r.suffix === undefined || e.key.endsWith(r.suffix)),
          );
          if (!match) continue;
          await this.sendCounted(n.queueName, 1, () =>
            producer.send(
              {
                account: 'harness',
                action: e.action,
                bucket: bucketName,
                object: { key: e.key, ...(e.size !== undefined ? { size: e.size } : {}) },
                eventTime: new Date().toISOString(),
              },
              { contentType: 'json' },
            ),
          );
          sent++;
        }
      }
    }
    return sent;
  }

  /**
   * Waits until every message sent to a consumed queue is settled (retries and dead-letter moves
   * included, however late) and the buckets hold no change whose notification is unsent.
   */
  async drain(): Promise<void> {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      if (this.miscount) throw new Error(`harness: ${this.miscount}`);
      await this.notifyObjectChanges();
      if (Object.keys(this.unsettled()).length === 0 && (await this.notifyObjectChanges()) === 0) return;
      if (Date.now() > deadline)
        throw new Error(
          `harness: queues did not settle: ${JSON.stringify(this.unsettled())} unsettled messages`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async deadLetters(queueId: string): Promise<unknown[]> {
    const queue = this.resources.find(
      (r) => r.type === T.queue && r.name.endsWith(`/${queueId}/queue-dead-letters`),
    );
    if (!queue) throw new Error(`harness: no dead-letter queue for ${queueId}`);
    return this.deadLettersOf(queue.name);
  }

  /** Bodies that reached the dead-letter queue declared as Pulumi resource `name`. */
  deadLettersOf(name: string): unknown[] {
    return this.deadLettersByQueue.get(String(this.inputsOf(name).queueName)) ?? [];
  }

  async fireSchedule(scheduleId: string, time: string): Promise<void> {
    for (const script of this.resourcesOf(T.script)) {
      const bindings = (script.inputs.bindings ?? []) as Binding[];
      const schedules = bindings.find((b) => b.name === 'ANYCLOUD_SCHEDULES');
      if (!schedules) continue;
      const byCron = JSON.parse(String(schedules.text)) as Record<string, { id: string }[]>;
      for (const [cron, matchers] of Object.entries(byCron)) {
        if (!matchers.some((m) => m.id === scheduleId)) continue;
        const worker = (await this.mf.getWorker(String(script.inputs.scriptName))) as unknown as {
          scheduled(options: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }>;
        };
        const result = await worker.scheduled({ cron, scheduledTime: new Date(time) });
        if (result.outcome !== 'ok')
          throw new Error(`harness: scheduled handler of ${scheduleId} ended with ${result.outcome}`);
        await this.drain(); // the firing goes through the function's schedule queue
        return;
      }
    }
    throw new Error(`harness: no cron trigger runs schedule ${scheduleId}`);
  }

  /** A D1 database of the app, by table construct path, for direct checks. */
  async database(
    tablePath: string,
  ): Promise<{ prepare(sql: string): { all(): Promise<{ results: unknown[] }> } }> {
    const id = `${tablePath}/database-uuid`;
    for (const script of this.resourcesOf(T.script)) {
      const binding = ((script.inputs.bindings ?? []) as Binding[]).find(
        (b) => b.type === 'd1' && b.id === id,
      );
      if (binding)
        return (await this.mf.getD1Database(binding.name, String(script.inputs.scriptName))) as never;
    }
    throw new Error(`harness: no Worker binds ${tablePath}`);
  }

  /** R2 bucket `binding` as Worker `script` sees it, for direct writes. */
  async r2(
    binding: string,
    script: string,
  ): Promise<{
    put(
      key: string,
      value: string | Uint8Array,
      options?: { httpMetadata?: { contentType?: string } },
    ): Promise<unknown>;
  }> {
    return (await this.mf.getR2Bucket(binding, script)) as never;
  }

  async dispose(): Promise<void> {
    await this.mf.dispose();
  }
}
