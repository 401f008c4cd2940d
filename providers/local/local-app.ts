import { join } from 'node:path';
import {
  ValidationError,
  type App,
  type Bucket,
  type Duration,
  type Function,
  type HttpApi,
  type Queue,
  type Schedule,
  type Table,
  type ValidationIssue,
} from 'anycloud';
import { parseDurationSeconds, resourcesOf } from 'anycloud/adapter';
import { bundleIssue } from '../shared/bundle-functions';
import type { BucketClient, Item, TableClient } from 'anycloud/runtime';
import { remoteKeySet } from 'anycloud/runtime/host';
import { FakeClock, systemClock, type Clock } from './clock';
import type { Consumer } from './context';
import { Delivery } from './delivery';
import { FunctionRunner } from './function-runner';
import { LocalHttpServer, type LocalResponse } from './http-server';
import { LocalIssuer } from './local-issuer';
import { invokeWithEvent } from './invoke';
import type { InvocationLog } from './invocation-log';
import { planLocal, type LocalPlan } from './plan';
import { localRuntimeHost } from './runtime-host';
import { Scheduler } from './scheduler';
import { removeOrphanTempFiles, StateLock } from './state-lock';
import { LocalSecrets } from './secrets';

export type { InvocationLog } from './invocation-log';
export type { LocalResponse } from './http-server';

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
  /** Longest time a request body may take to arrive, ms; a client that trickles it gets 408. @default 30000 */
  readonly bodyTimeoutMs?: number;
  /** Called after every invocation (one log line per invocation in `anycloud dev`). */
  readonly onInvocation?: (entry: InvocationLog) => void;
  /** Called when a function is rebuilt by the watcher. */
  readonly onReload?: (fn: Function, error?: Error) => void;
  /**
   * Which keys verify the tokens of an API with auth: `'local'`, the local issuer's (tokens from
   * `token()`; issuer, audience, expiry and scopes are checked as on the clouds), or
   * `'issuer'`, the keys the API's issuer publishes at its JWKS URL (fetched and cached).
   * @default 'local'
   */
  readonly identity?: 'local' | 'issuer';
}

/** A token for a local run, from {@link LocalApp.token}. */
export interface LocalAppTokenOptions {
  /** `sub`: who the caller is. @default 'local-user' */
  readonly sub?: string;
  /** Granted scopes. @default none */
  readonly scopes?: readonly string[];
  /** Other claims. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** The API the token is for (its issuer and first audience). @default the first API with auth */
  readonly api?: HttpApi;
  /** Lifetime in seconds. @default 3600 */
  readonly expiresInSeconds?: number;
}

/**
 * The local target: runs an app on this machine with no cloud account. One HTTP server for
 * every HttpApi, schedules on a real or fake clock, buckets as folders, tables in embedded SQLite,
 * persisted queues and topics with retries and dead letters, grants enforced as on the
 * clouds. The same engine backs `anycloud dev` and `anycloud/testing`'s `local(app)`.
 */
export class LocalApp {
  readonly scheduler: Scheduler;
  private readonly clock: Clock;
  private readonly plan: LocalPlan;
  private readonly runner: FunctionRunner;
  private readonly http: LocalHttpServer;
  private readonly delivery: Delivery;
  /** The local identity provider: its keys verify tokens unless `identity` is `'issuer'`. */
  readonly issuer: LocalIssuer;
  private pump?: NodeJS.Timeout;
  private invocations = 0;

  private constructor(
    readonly app: App,
    private readonly options: LocalOptions,
    readonly stateDir: string,
    private readonly lock: StateLock,
    issuer: LocalIssuer,
  ) {
    this.issuer = issuer;
    const projectDir = options.projectDir ?? process.cwd();
    this.clock = options.clock === 'fake' ? new FakeClock() : systemClock;
    this.plan = planLocal(app, {
      stateDir,
      clock: this.clock,
      secrets: new LocalSecrets(projectDir, options.secrets),
    });
    this.runner = new FunctionRunner(join(stateDir, '.build'), options.onReload);
    const log = (entry: InvocationLog) => this.options.onInvocation?.(entry);
    const nextId = () => `local-${++this.invocations}`;
    const consumers: Consumer[] = this.plan.consumers.map((c) => ({
      ...c,
      channel: c.channel.channel(),
      busy: false,
    }));
    this.delivery = new Delivery(consumers, this.runner, log, nextId);
    this.http = new LocalHttpServer(
      resourcesOf(app, 'http-api'),
      this.runner,
      {
        port: options.port,
        host: options.host,
        maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
        bodyTimeoutMs: options.bodyTimeoutMs,
        authKeys:
          options.identity === 'issuer' ? (api) => remoteKeySet(api.auth!.jwksUrl) : () => issuer.keys,
      },
      log,
      nextId,
    );
    this.scheduler = new Scheduler(resourcesOf(app, 'schedule'), this.clock, (schedule, time) =>
      this.delivery.fireSchedule(schedule, time),
    );
  }

  /** Validates, builds every function (all bundle errors at once), and starts the local target. */
  static async start(app: App, options: LocalOptions = {}): Promise<LocalApp> {
    const stateDir = LocalApp.stateDirOf(app, options);
    // One process per state folder: two in-memory copies of one state lose each other's writes.
    const lock = StateLock.acquire(stateDir);
    let local: LocalApp;
    const issuer = await LocalIssuer.create();
    try {
      removeOrphanTempFiles(stateDir);
      local = new LocalApp(app, options, stateDir, lock, issuer);
    } catch (error) {
      lock.release();
      throw error;
    }
    const functions = resourcesOf(app, 'function');
    const loaded = await Promise.allSettled(
      functions.map((fn) => local.runner.load(fn, localRuntimeHost(fn, local.plan.ctx))),
    );
    const issues: ValidationIssue[] = [];
    loaded.forEach((result, i) => {
      if (result.status === 'rejected')
        issues.push(bundleIssue(functions[i], 'local', (result.reason as Error).message));
    });
    if (issues.length > 0) {
      local.runner.close();
      lock.release();
      throw new ValidationError(issues);
    }
    if (options.watch) local.runner.watch();
    try {
      await local.http.listen();
    } catch (error) {
      await local.close();
      throw error;
    }
    if (options.background) {
      local.scheduler.start();
      local.pump = setInterval(() => void local.delivery.deliverAll(false), 50);
    }
    return local;
  }

  /** Where the state of `app` lives under `options` (default `<projectDir>/.anycloud/local/<app name>`). */
  static stateDirOf(app: App, options: LocalOptions = {}): string {
    return options.stateDir ?? join(options.projectDir ?? process.cwd(), '.anycloud', 'local', app.name);
  }

  /**
   * A bearer token the local target accepts for an API with auth: signed by the local issuer,
   * with the API's issuer and audience, `sub` and scopes as given.
   */
  async token(options: LocalAppTokenOptions = {}): Promise<string> {
    const api = options.api ?? resourcesOf(this.app, 'http-api').find((a) => a.auth);
    if (!api?.auth)
      throw new Error(`${this.app.node.path} has no HttpApi with auth: a token would open nothing`);
    return this.issuer.sign({
      issuer: api.auth.issuer,
      audience: api.auth.audience[0],
      sub: options.sub ?? 'local-user',
      scopes: options.scopes,
      claims: options.claims,
      expiresInSeconds: options.expiresInSeconds,
    });
  }

  /** Base URL of the HTTP server, e.g. `http://127.0.0.1:3000`. */
  get url(): string {
    return this.http.url;
  }

  /** The routes of every HttpApi, as the server matches them. */
  get router(): LocalHttpServer['router'] {
    return this.http.router;
  }

  private isoNow(): string {
    return this.plan.ctx.isoNow();
  }

  /**
   * Runs function `id` once with `event`, whatever triggers it (`anycloud invoke`): an HTTP
   * handler gets `{ method, path, query, headers, body, params }`, a schedule handler
   * `{ time }`, a messages handler `{ messages: [body, ...] }` (or one body), an object-event
   * handler the event. Returns what the handler produced.
   */
  async invoke(id: string, event: Record<string, unknown> = {}): Promise<unknown> {
    const fn = this.findByKind<Function>('function', id);
    const started = performance.now();
    try {
      return await this.runner.invoke(fn, (handler) => invokeWithEvent(fn, handler, event, this.isoNow()));
    } finally {
      this.options.onInvocation?.({
        function: fn.node.path,
        trigger: 'invoke',
        status: 'done',
        ms: performance.now() - started,
      });
    }
  }

  /** Runs schedule `id`'s target once, as a firing at `time` (ISO 8601; default now). */
  async runSchedule(id: string, time: string = this.isoNow()): Promise<void> {
    await this.delivery.fireSchedule(this.findByKind<Schedule>('schedule', id), time);
  }

  /** Delivers every pending message and event, retries and dead-lettering included, until nothing is left. */
  drain(): Promise<void> {
    return this.delivery.drain();
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
  fetch(
    request: string,
    init: { json?: unknown; body?: string | Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<LocalResponse> {
    return this.http.fetch(request, init);
  }

  private findByKind<T>(kind: string, id: string): T {
    const found = this.app.node
      .findAll()
      .find((c) => c.node.id === id && (c as { kind?: string }).kind === kind);
    if (!found) throw new Error(`this app has no ${kind} "${id}"`);
    return found as T;
  }

  /** Direct access to a table's state, without grants (for assertions); `items()` lists every live item in key order. */
  table(id: string): TableClient & { items(): Item[] } {
    const store = this.plan.natives.nativeOf(this.findByKind<Table>('table', id)).store();
    return Object.assign(store.client(), { items: () => store.items() });
  }

  /** Direct access to a bucket's objects, without grants (for assertions). */
  bucket(id: string): BucketClient & { keys(): string[] } {
    const store = this.plan.natives.nativeOf(this.findByKind<Bucket>('bucket', id)).store();
    return Object.assign(store.client(), { keys: () => store.keys() });
  }

  /** Direct access to a queue, without grants: send as a producer would, and look at what waits. */
  queue(id: string): { send(body: unknown): Promise<void>; pending(): unknown[]; deadLetters(): unknown[] } {
    const channel = this.plan.natives.nativeOf(this.findByKind<Queue>('queue', id)).channel();
    return {
      send: async (body) => void channel.send(body),
      pending: () => channel.pending.map((m) => m.body),
      deadLetters: () => channel.deadLetters.map((m) => m.body),
    };
  }

  /** Bodies of the messages in a queue's dead-letter queue. */
  deadLetters(queueId: string): unknown[] {
    return this.queue(queueId).deadLetters();
  }

  /** Bodies of the messages still waiting in a queue. */
  pendingMessages(queueId: string): unknown[] {
    return this.queue(queueId).pending();
  }

  /** Stops the server, the schedules, the delivery loop and the watchers. State stays on disk. */
  async close(): Promise<void> {
    this.scheduler.stop();
    if (this.pump) clearInterval(this.pump);
    this.runner.close();
    await this.http.close();
    this.plan.close();
    this.lock.release();
  }
}
