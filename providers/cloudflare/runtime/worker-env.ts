import { SHIM_SETTINGS, type CorsPolicy, type JwtPolicy } from 'anycloud/runtime/host';

/** Names of the plain-text bindings the Cloudflare adapter sets on every Worker it declares. */
export const ENV = {
  /** Construct path, bindings (with `workerBinding`, the Worker binding name) and sources: as on every target. */
  ...SHIM_SETTINGS,
  /** JSON: Cloudflare cron expression → the schedules it serves ({@link ScheduleMatcher}[]). */
  schedules: 'ANYCLOUD_SCHEDULES',
  /** Producer binding of the function's own schedule queue. */
  scheduleQueue: 'ANYCLOUD_SCHEDULE_QUEUE',
  /** JSON: the gateway's routes and CORS policy ({@link GatewayConfig}). */
  routes: 'ANYCLOUD_ROUTES',
} as const;

/** Bindings of a table's reader Worker (table-reader-worker.ts): its D1 database and the table's key schema. */
export const READER_ENV = {
  database: 'ANYCLOUD_DATABASE',
  table: 'ANYCLOUD_TABLE',
  /** The R2 binding of a bucket's reader Worker (bucket-reader.ts). */
  bucket: 'ANYCLOUD_BUCKET',
} as const;

/** The RPC entrypoint a read-only function's service binding names (a class of the reader Worker), per kind. */
export const READER_ENTRYPOINT = { table: 'TableReader', bucket: 'BucketReader' } as const;

/** Headers the gateway adds when it forwards a request to a route's Worker. */
export const GATEWAY_HEADERS = {
  /** The route as written, e.g. `GET /orders/{id}`. */
  route: 'x-anycloud-route',
  /** JSON of the decoded path parameters. */
  params: 'x-anycloud-params',
  /** JSON of the verified token ({@link RequestAuth}), on a protected route; removed from client requests. */
  auth: 'x-anycloud-auth',
} as const;

/** Where the messages of one native queue come from. */
export interface QueueSource {
  readonly kind: 'queue' | 'topic' | 'bucket' | 'schedule';
  /** Construct id of the queue, topic or bucket (of the function, for its schedule queue). */
  readonly id: string;
}

/** The gateway Worker's configuration: routes to service bindings, and CORS. */
export interface GatewayConfig {
  readonly api: string;
  readonly routes: readonly {
    readonly method: string;
    readonly path: string;
    readonly binding: string;
    /** Scopes the token must grant; absent: a public route. */
    readonly scopes?: readonly string[];
  }[];
  readonly cors?: CorsPolicy;
  /** The issuer whose tokens the protected routes accept. */
  readonly auth?: JwtPolicy;
}

/** The body of an R2 event notification message (the fields the shim reads). */
export interface R2EventMessage {
  readonly bucket: string;
  readonly action: string;
  readonly eventTime?: string;
  readonly object: { readonly key: string; readonly size?: number };
}

/** R2 notification actions that mean "created" and "removed". */
export const R2_ACTIONS = {
  created: ['PutObject', 'CopyObject', 'CompleteMultipartUpload'],
  removed: ['DeleteObject', 'LifecycleDeletion'],
} as const;

/**
 * When a schedule runs, checked by the Worker at each firing of its cron trigger. A UTC cron or a
 * rate has a trigger that fires exactly when it does, so it carries no cron. A cron in another
 * time zone fires hourly in UTC at every minute it can fall on; the Worker runs it when croner,
 * reading `cron` in `timeZone`, fires it (as the local target does).
 */
export interface ScheduleMatcher {
  /** Construct id of the schedule. */
  readonly id: string;
  readonly timeZone: string;
  /** The cron expression as written, for a schedule in a time zone other than UTC. */
  readonly cron?: string;
}
