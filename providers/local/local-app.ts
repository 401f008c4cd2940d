import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type App,
  type Bucket,
  type Duration,
  type Function,
  type HttpApi,
  type Queue,
  type Resource,
  type Schedule,
  type Secret,
  type Table,
  type Topic,
} from 'anycloud';
import { BUILD_ORDER, parseDurationSeconds, resourcesOf } from 'anycloud/adapter';
import {
  type BucketClient,
  type Item,
  type Message,
  type ObjectEvent,
  type TableClient,
} from 'anycloud/runtime';
import {
  corsHeaders,
  dispatchHttp,
  dispatchMessages,
  preflightHeaders,
  type ResourceBinding,
  type RuntimeHost,
} from 'anycloud/runtime/host';
import type { SqlJsStatic } from 'sql.js';
import { LOCAL_BUILDERS } from './builders';
import { Channel } from './channel';
import { FakeClock, systemClock, type Clock } from './clock';
import type { Consumer, LocalBuildContext, LocalState } from './context';
import { FunctionRunner } from './function-runner';
import { checkLocalRules } from './limits';
import { Router } from './router';
import { loadSqlite } from './sqlite';
import { Scheduler } from './scheduler';
import { LocalSecrets } from './secrets';
import { tableBinding } from './table-store';

/** Options of the local target. */
export interface LocalOptions {
  /** Where state lives. @default '<projectDir>/.anycloud/local/<app name>' */
  readonly stateDir?: string;
  /** The project root: `.anycloud/` lives here. @default process.cwd() */
  readonly projectDir?: string;
  /** HTTP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** HTTP host. @default '127.0.0.1' */
  readonly host?: string;
  /** `fake`: time moves only with `advance()` (tests); `system`: the real clock (dev). @default 'system' */
  readonly clock?: 'system' | 'fake';
  /** Deliver messages and fire schedules in the background (dev). @default false: tests call drain() and advance() */
  readonly background?: boolean;
  /** Rebuild a function when a file it is built from changes. @default false */
  readonly watch?: boolean;
  /** Secret values by secret id (for tests); otherwise env vars or .anycloud/secrets.json. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Largest request body, bytes (API Gateway's is 10 MB). @default 10485760 */
  readonly maxBodyBytes?: number;
  /** Called after every invocation (one log line per invocation in `anycloud dev`). */
  readonly onInvocation?: (entry: InvocationLog) => void;
  /** Called when a function is rebuilt by the watcher. */
  readonly onReload?: (fn: Function, error?: Error) => void;
}

/** One invocation, as `anycloud dev` logs it. */
export interface InvocationLog {
  readonly function: string;
  readonly trigger: string;
  readonly status: string;
  readonly ms: number;
  readonly error?: string;
}

/** A response of `LocalApp.fetch`. */
export interface LocalResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const RETRY_DELAY_MS = 1000;
const EMPTY = new Uint8Array();

/** Writes a whole response with its content length (one function, not a closure per request). */
function sendResponse(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Uint8Array | string,
): void {
  headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * The local target: runs an app on this machine with no cloud account. One HTTP server for
 * every HttpApi, schedules on a real or fake clock, buckets as folders, tables in embedded SQLite,
 * persisted queues and topics with retries and dead letters, grants enforced as on the
 * clouds. The same engine backs `anycloud dev` and `anycloud/testing`'s `local(app)`.
 */
export class LocalApp {
  /** Base URL of the HTTP server, e.g. `http://127.0.0.1:3000`. */
  url = '';
  readonly router: Router;
  readonly scheduler: Scheduler;
  private readonly clock: Clock;
  private readonly state: LocalState = {
    tables: new Map(),
    buckets: new Map(),
    queues: new Map(),
    topicChannels: new Map(),
    consumers: [],
    functions: [],
    apis: [],
    schedules: [],
    secrets: [],
    bucketsByNode: new Map(),
  };
  private readonly hosts = new Map<Function, RuntimeHost>();
  private readonly runner: FunctionRunner;
  private readonly secrets: LocalSecrets;
  private server?: Server;
  private pump?: NodeJS.Timeout;

  private constructor(
    readonly app: App,
    private readonly options: LocalOptions,
    sqlite: SqlJsStatic,
  ) {
    app.validate(checkLocalRules(app));
    const projectDir = options.projectDir ?? process.cwd();
    const stateDir = options.stateDir ?? join(projectDir, '.anycloud', 'local', app.name);
    this.clock = options.clock === 'fake' ? new FakeClock() : systemClock;
    this.secrets = new LocalSecrets(projectDir, options.secrets);
    this.runner = new FunctionRunner(join(stateDir, '.build'), options.onReload);

    const ctx: LocalBuildContext = {
      stateDir,
      sqlite,
      clock: this.clock,
      state: this.state,
      isoNow: () => this.isoNow(),
      channel: (name, fn, maxRetries) =>
        new Channel(name, stateDir, this.clock, {
          visibilityTimeoutMs: 6 * (fn?.timeoutSeconds ?? 30) * 1000,
          maxRetries,
          retryDelayMs: RETRY_DELAY_MS,
        }),
    };
    for (const kind of BUILD_ORDER) {
      const build = LOCAL_BUILDERS[kind] as (node: Resource, c: LocalBuildContext) => void;
      for (const node of resourcesOf(app, kind)) build(node, ctx);
    }
    for (const fn of this.state.functions) this.hosts.set(fn, this.hostOf(fn));
    this.router = new Router(this.state.apis);
    this.scheduler = new Scheduler(this.state.schedules, this.clock, (schedule, time) =>
      this.fireSchedule(schedule, time),
    );
  }

  /** Validates, builds every function, and starts the local target. */
  static async start(app: App, options: LocalOptions = {}): Promise<LocalApp> {
    const local = new LocalApp(app, options, await loadSqlite());
    await Promise.all(resourcesOf(app, 'function').map((fn) => local.runner.load(fn, local.hosts.get(fn)!)));
    if (options.watch) local.runner.watch();
    await local.listen();
    if (options.background) {
      local.scheduler.start();
      local.pump = setInterval(() => void local.deliverAll(false), 50);
    }
    return local;
  }

  private invocations = 0;

  private nextInvocationId(): string {
    return `local-${++this.invocations}`;
  }

  private isoNow(): string {
    return new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** The runtime host of a function: its grants as bindings, and clients on the local stores. */
  private hostOf(fn: Function): RuntimeHost {
    const bindings: Record<string, ResourceBinding> = {};
    for (const { resource, access } of fn.grants) {
      bindings[resource.node.id] =
        resource.kind === 'table'
          ? tableBinding(resource as Table, access)
          : { kind: resource.kind, access, name: resource.node.path };
    }
    const byPath = <T>(kind: string, path: string, found: T | undefined): T => {
      if (!found) throw new Error(`local: no ${kind} ${path}`);
      return found;
    };
    const resource = <T>(path: string) => this.app.node.findAll().find((c) => c.node.path === path) as T;
    return {
      functionPath: fn.node.path,
      bindings,
      factories: {
        table: (b) => byPath('table', b.name, this.state.tables.get(b.name)).client(),
        bucket: (b) => byPath('bucket', b.name, this.state.buckets.get(b.name)).client(),
        queue: (b) => {
          const c = byPath('queue', b.name, this.state.queues.get(resource<Queue>(b.name)));
          return { send: async (body, options) => void c.send(body, (options?.delaySeconds ?? 0) * 1000) };
        },
        topic: (b) => {
          const channels = byPath('topic', b.name, this.state.topicChannels.get(resource<Topic>(b.name)));
          return { publish: async (body) => channels.forEach((c) => c.send(body)) };
        },
        secret: (b) => {
          const s = resource<Secret>(b.name);
          return { value: async () => this.secrets.value(s) };
        },
      },
    };
  }

  private log(entry: InvocationLog): void {
    this.options.onInvocation?.(entry);
  }

  private async listen(): Promise<void> {
    this.server = createServer({ noDelay: true }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
  }

  private readBody(req: IncomingMessage): Promise<Uint8Array | 'too large'> {
    const limit = this.options.maxBodyBytes ?? 10 * 1024 * 1024;
    const declared = req.headers['content-length'];
    if (declared === undefined && req.headers['transfer-encoding'] === undefined)
      return Promise.resolve(EMPTY);
    if (declared !== undefined && Number(declared) > limit) return Promise.resolve('too large');
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) chunks.push(chunk);
      });
      req.once('end', () => resolve(size > limit ? 'too large' : new Uint8Array(Buffer.concat(chunks))));
      req.once('error', reject);
    });
  }

  private corsHeaders(api: HttpApi | undefined, origin: string | undefined): Record<string, string> {
    return corsHeaders(api?.cors, origin);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q === -1 ? target : target.slice(0, q);
    const search = q === -1 ? undefined : new URLSearchParams(target.slice(q + 1));
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    const preflight = method === 'OPTIONS' && origin && req.headers['access-control-request-method'];
    if (preflight) {
      const target = this.router.match(
        String(req.headers['access-control-request-method']).toUpperCase(),
        pathname,
      );
      return sendResponse(res, 204, preflightHeaders(target?.api.cors, origin) ?? {}, '');
    }
    const match = this.router.match(method, pathname);
    if (!match)
      return sendResponse(
        res,
        404,
        { 'content-type': 'application/json' },
        JSON.stringify({ message: 'Not Found' }),
      );
    const body = await this.readBody(req);
    if (body === 'too large') {
      return sendResponse(
        res,
        413,
        { 'content-type': 'application/json' },
        JSON.stringify({ message: 'Request Entity Too Large' }),
      );
    }
    const fn = match.route.target;
    const headers: Record<string, string> = {};
    const raw = req.headers;
    for (const name in raw) {
      const value = raw[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const query: Record<string, string> = {};
    if (search) for (const [k, v] of search) query[k] = v;
    const routeKey = match.routeKey;
    let status = 500;
    let error: string | undefined;
    try {
      const encoded = await this.runner.invoke(fn, async (handler) => {
        if (handler.kind !== 'http')
          throw new Error(`a ${handler.kind}() handler cannot answer an HTTP request`);
        return dispatchHttp(
          handler,
          {
            method,
            path: pathname.includes('%') ? decodeURIComponent(pathname) : pathname,
            route: routeKey,
            params: match.params,
            query,
            headers,
            body,
          },
          { functionPath: fn.node.path, invocationId: this.nextInvocationId() },
        );
      });
      status = encoded.status;
      sendResponse(
        res,
        encoded.status,
        // encodeResponse made the headers object for this response: extend it in place.
        match.api.cors
          ? Object.assign(encoded.headers, this.corsHeaders(match.api, origin))
          : encoded.headers,
        encoded.body,
      );
    } catch (e) {
      error = (e as Error).message;
      sendResponse(
        res,
        500,
        { 'content-type': 'application/json', ...this.corsHeaders(match.api, origin) },
        JSON.stringify({ message: 'Internal Server Error' }),
      );
    } finally {
      this.log({
        function: fn.node.path,
        trigger: `http ${method} ${pathname}`,
        status: String(status),
        ms: performance.now() - started,
        error,
      });
    }
  }

  private async fireSchedule(schedule: Schedule, time: string): Promise<void> {
    const started = performance.now();
    const fn = schedule.target;
    let error: string | undefined;
    try {
      await this.runner.invoke(fn, async (handler) => {
        if (handler.kind !== 'schedule')
          throw new Error(`a ${handler.kind}() handler cannot answer a schedule`);
        await handler.run(
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

  /**
   * Runs function `id` once with `event`, whatever triggers it (`anycloud invoke`): an HTTP
   * handler gets `{ method, path, query, headers, body, params }`, a schedule handler
   * `{ time }`, a messages handler `{ messages: [body, ...] }` (or one body), an object-event
   * handler the event. Returns what the handler produced.
   */
  async invoke(id: string, event: Record<string, unknown> = {}): Promise<unknown> {
    const fn = this.findByKind<Function>('function', id);
    const context = { functionPath: fn.node.path, invocationId: crypto.randomUUID() };
    const started = performance.now();
    try {
      return await this.runner.invoke(fn, async (handler) => {
        switch (handler.kind) {
          case 'http': {
            const body =
              event.body === undefined
                ? ''
                : typeof event.body === 'string'
                  ? event.body
                  : JSON.stringify(event.body);
            const response = await dispatchHttp(
              handler,
              {
                method: String(event.method ?? 'GET'),
                path: String(event.path ?? '/'),
                route: String(event.route ?? `${event.method ?? 'GET'} ${event.path ?? '/'}`),
                params: (event.params as Record<string, string>) ?? {},
                query: (event.query as Record<string, string>) ?? {},
                headers: (event.headers as Record<string, string>) ?? {},
                body: new TextEncoder().encode(body),
              },
              context,
            );
            return {
              status: response.status,
              headers: response.headers,
              body:
                typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body),
            };
          }
          case 'schedule':
            await handler.run(
              { scheduleId: String(event.scheduleId ?? 'invoke'), time: String(event.time ?? this.isoNow()) },
              context,
            );
            return { ok: true };
          case 'object-event':
            await handler.run(event as unknown as ObjectEvent, context);
            return { ok: true };
          case 'messages': {
            const bodies = Array.isArray(event.messages) ? event.messages : [event];
            const batch: Message[] = bodies.map((body, i) => ({
              id: `invoke-${i + 1}`,
              body,
              attempt: 1,
              source: { kind: 'queue', id: 'invoke' },
            }));
            return { failed: await dispatchMessages(handler, batch, context) };
          }
        }
      });
    } finally {
      this.log({
        function: fn.node.path,
        trigger: 'invoke',
        status: 'done',
        ms: performance.now() - started,
      });
    }
  }

  /** Runs schedule `id`'s target once, as a firing at `time` (ISO 8601; default now). */
  async runSchedule(id: string, time: string = this.isoNow()): Promise<void> {
    await this.fireSchedule(this.findByKind<Schedule>('schedule', id), time);
  }

  /** Delivers one batch to a consumer; false when it had nothing to deliver. */
  private async deliver(consumer: Consumer, ignoreRetryDelay: boolean): Promise<boolean> {
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
          if (handler.kind !== 'object-event')
            throw new Error(`a ${handler.kind}() handler cannot answer an object event`);
          const failures: string[] = [];
          for (const m of batch) {
            try {
              await handler.run(m.body as ObjectEvent, context);
            } catch (e) {
              failures.push(m.id);
              error = (e as Error).message;
            }
          }
          return failures;
        }
        if (handler.kind !== 'messages')
          throw new Error(`a ${handler.kind}() handler cannot answer messages`);
        const messages: Message[] = batch.map((m) => ({
          id: m.id,
          body: m.body,
          attempt: m.attempts,
          source: { kind: consumer.kind as 'queue' | 'topic', id: consumer.sourceId },
        }));
        return dispatchMessages(handler, messages, context);
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

  private async deliverAll(ignoreRetryDelay: boolean): Promise<boolean> {
    let progress = false;
    for (const consumer of this.state.consumers)
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

  /** Moves the fake clock forward and fires every schedule due meanwhile. */
  async advance(duration: Duration | number): Promise<void> {
    if (!(this.clock instanceof FakeClock))
      throw new Error('advance() needs the fake clock: start with { clock: "fake" }');
    const ms = typeof duration === 'number' ? duration : (parseDurationSeconds(duration) ?? NaN) * 1000;
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error(`advance() needs a duration like "1 day" (got ${JSON.stringify(duration)})`);
    this.clock.advance(ms);
    await this.scheduler.advanceTo(this.clock.now());
  }

  /** Sends a request to the app: `fetch('POST /orders', { json: {...} })`. */
  async fetch(
    request: string,
    init: { json?: unknown; body?: string; headers?: Record<string, string> } = {},
  ): Promise<LocalResponse> {
    const match = /^([A-Z]+) (\/\S*)$/.exec(request);
    if (!match)
      throw new Error(`fetch() needs "METHOD /path", e.g. "GET /orders" (got ${JSON.stringify(request)})`);
    const headers = {
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    };
    const res = await globalThis.fetch(`${this.url}${match[2]}`, {
      method: match[1],
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
    const text = await res.text();
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => (responseHeaders[k] = v));
    return { status: res.status, headers: responseHeaders, text, json: () => JSON.parse(text) };
  }

  private findByKind<T>(kind: string, id: string): T {
    const found = this.app.node
      .findAll()
      .find((c) => c.node.id === id && (c as { kind?: string }).kind === kind);
    if (!found) throw new Error(`this app has no ${kind} "${id}"`);
    return found as T;
  }

  /** Direct access to a table's state, without grants (for assertions). */
  table(id: string): TableClient & { scan(): Item[] } {
    const store = this.state.tables.get(this.findByKind<Table>('table', id).node.path)!;
    return Object.assign(store.client(), { scan: () => store.scan() });
  }

  /** Direct access to a bucket's objects, without grants (for assertions). */
  bucket(id: string): BucketClient & { keys(): string[] } {
    const store = this.state.buckets.get(this.findByKind<Bucket>('bucket', id).node.path)!;
    return Object.assign(store.client(), { keys: () => store.keys() });
  }

  /** Direct access to a queue, without grants: send as a producer would, and look at what waits. */
  queue(id: string): { send(body: unknown): Promise<void>; pending(): unknown[]; deadLetters(): unknown[] } {
    const channel = this.state.queues.get(this.findByKind<Queue>('queue', id))!;
    return {
      send: async (body) => void channel.send(body),
      pending: () => channel.pending.map((m) => m.body),
      deadLetters: () => channel.deadLetters.map((m) => m.body),
    };
  }

  /** Bodies of the messages in a queue's dead-letter queue. */
  deadLetters(queueId: string): unknown[] {
    return this.state.queues.get(this.findByKind<Queue>('queue', queueId))!.deadLetters.map((m) => m.body);
  }

  /** Bodies of the messages still waiting in a queue. */
  pendingMessages(queueId: string): unknown[] {
    return this.state.queues.get(this.findByKind<Queue>('queue', queueId))!.pending.map((m) => m.body);
  }

  /** Stops the server, the schedules, the delivery loop and the watchers. State stays on disk. */
  async close(): Promise<void> {
    this.scheduler.stop();
    if (this.pump) clearInterval(this.pump);
    this.runner.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
