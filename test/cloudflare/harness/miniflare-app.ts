import type { App } from 'anycloud';
import { type CapturedResource, CapturedSecret, type CloudflareSynthOptions } from 'anycloud/testing';
import { Miniflare, type WorkerOptions } from 'miniflare';
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
/** How long nothing may happen before the queues count as drained (generous for loaded CI machines). */
const QUIET_MS = 400;

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
 * suffix) and the cron scheduler (the test fires a declared cron at a given time). Queue
 * consumers are wrapped to report when a batch starts and ends, so `drain()` knows when
 * nothing is left.
 */
export class MiniflareApp implements ConformanceRunner {
  private inFlight = 0;
  private lastActivity = Date.now();
  private readonly deadLettersByQueue = new Map<string, unknown[]>();
  private readonly objects = new Map<string, Map<string, string>>();

  private constructor(
    readonly mf: Miniflare,
    readonly resources: readonly CapturedResource[],
    private readonly notifications: readonly Notification[],
    private readonly bucketBindings: ReadonlyMap<string, string>,
    /** What the Workers wrote to stdout and stderr. */
    readonly logs: string[],
  ) {}

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

  static async deploy(neutral: App, options: CloudflareSynthOptions = {}): Promise<MiniflareApp> {
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
          retryDelay: 0,
        },
      });
    }

    const ref: { app?: MiniflareApp } = {}; // set once Miniflare is up, before any Worker runs
    const harnessService = async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      if (url.pathname === '/start') {
        ref.app!.inFlight++;
        ref.app!.lastActivity = Date.now();
      } else if (url.pathname === '/end') {
        ref.app!.inFlight--;
        ref.app!.lastActivity = Date.now();
      } else if (url.pathname.startsWith('/dead/')) {
        const queue = decodeURIComponent(url.pathname.slice('/dead/'.length));
        const list = ref.app!.deadLettersByQueue.get(queue) ?? [];
        list.push(...((await request.json()) as unknown[]));
        ref.app!.deadLettersByQueue.set(queue, list);
        ref.app!.lastActivity = Date.now();
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
      // Re-exports the Worker's own handlers; queue and scheduled ones report start and end.
      const tracked = (part: string, args: string) =>
        `if (worker.${part}) wrapped.${part} = async (${args}) => { await e.__HARNESS.fetch('http://h/start'); try { return await worker.${part}(${args}); } finally { await e.__HARNESS.fetch('http://h/end'); } };`;
      const wrapper = [
        `import worker from './worker.js';`,
        `const wrapped = {};`,
        `if (worker.fetch) wrapped.fetch = (r, e, c) => worker.fetch(r, e, c);`,
        tracked('scheduled', 'c, e, x'),
        tracked('queue', 'b, e, x'),
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
    const mf = new Miniflare({
      workers,
      // Keep the Workers' console output (expected handler failures included) out of the test report.
      handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
        stdout.on('data', (d: Buffer) => logs.push(String(d)));
        stderr.on('data', (d: Buffer) => logs.push(String(d)));
      },
    });
    await mf.ready;
    ref.app = new MiniflareApp(mf, resources, notifications, bucketBindings, logs);
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
          await producer.send(
            {
              account: 'harness',
              action: e.action,
              bucket: bucketName,
              object: { key: e.key, ...(e.size !== undefined ? { size: e.size } : {}) },
              eventTime: new Date().toISOString(),
            },
            { contentType: 'json' },
          );
          sent++;
        }
      }
    }
    if (sent > 0) this.lastActivity = Date.now();
    return sent;
  }

  async drain(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await this.notifyObjectChanges();
      await new Promise((r) => setTimeout(r, 50));
      if (this.inFlight === 0 && Date.now() - this.lastActivity >= QUIET_MS) {
        if ((await this.notifyObjectChanges()) === 0) return;
      }
      if (Date.now() > deadline)
        throw new Error(`harness: queues did not settle (${this.inFlight} batches in flight)`);
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
