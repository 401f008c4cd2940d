import type { CorsPolicy } from 'anycloud/runtime/host';

/**
 * The app settings (environment variables) the Azure adapter sets on every function app, and
 * the shapes of the JSON ones. The shim reads them once, when the worker loads the function's
 * code, and registers the app's triggers with `@azure/functions` from them: the same bundle
 * serves any stage, and the registrations always match the declared resources.
 */
export const APP_SETTINGS = {
  /** Construct path of the function (`shop/CreateOrder`). */
  functionPath: 'ANYCLOUD_FUNCTION_PATH',
  /** JSON `Bindings`: what the function was granted (see the binding shapes below). */
  bindings: 'ANYCLOUD_BINDINGS',
  /** JSON {@link AzureTriggers}: routes, consumed queues and timers to register. */
  triggers: 'ANYCLOUD_TRIGGERS',
  /** Client id of the function's user-assigned managed identity (tokens for Azure services). */
  identityClientId: 'ANYCLOUD_IDENTITY_CLIENT_ID',
  /**
   * Prefix of the identity-based connection the queue triggers use (`connection: 'ANYCLOUD_DATA'`):
   * `ANYCLOUD_DATA__queueServiceUri`, `ANYCLOUD_DATA__credential`, `ANYCLOUD_DATA__clientId`.
   */
  dataConnection: 'ANYCLOUD_DATA',
} as const;

/** One HTTP route of the function, registered as an HTTP trigger. */
export interface AzureRoute {
  /** Neutral route key, e.g. `GET /items/{pk}/{rest+}`. */
  readonly key: string;
  readonly method: string;
  /** Neutral path template, e.g. `/items/{pk}/{rest+}`. */
  readonly path: string;
  /** The Azure Functions route template (no leading `/`; greedy `{rest+}` → `{*rest}`). */
  readonly route: string;
  /** On a protected route, the scopes the token must grant (API Management validated the token). */
  readonly scopes?: readonly string[];
}

/** What a consumed storage queue carries. */
export type QueueSourceKind = 'queue' | 'topic' | 'bucket' | 'schedule';

/** One storage queue the function consumes (a queue trigger). */
export interface AzureConsumedQueue {
  /** The storage queue's name (its poison queue is `<name>-poison`). */
  readonly queueName: string;
  /** The queue service endpoint of the account holding it (`https://<account>.queue.core.windows.net`). */
  readonly endpoint: string;
  /** The neutral source: a queue, a topic subscription, a bucket's object events, the function's schedules. */
  readonly source: { readonly kind: QueueSourceKind; readonly id: string };
  /** Runs before the message is moved to the poison queue: `maxDequeueCount` = `maxRetries + 1`. */
  readonly maxRetries: number;
}

/** A schedule a timer trigger checks when it fires (the zone is checked in the shim: Flex runs timers in UTC). */
export interface AzureScheduleMatcher {
  /** Schedule construct id. */
  readonly id: string;
  readonly timeZone: string;
  /** The neutral 5-field cron, when the schedule is in a zone other than UTC (checked with croner). */
  readonly cron?: string;
}

/** One timer trigger: an NCRONTAB expression (6 fields, UTC) and the schedules it fires. */
export interface AzureTimer {
  readonly schedule: string;
  readonly matchers: readonly AzureScheduleMatcher[];
}

/** Everything that wakes the function, as the shim registers it. */
export interface AzureTriggers {
  readonly routes: readonly AzureRoute[];
  /** The HttpApi's CORS policy, when it has one: the shim answers preflights and adds the headers. */
  readonly cors?: CorsPolicy;
  readonly queues: readonly AzureConsumedQueue[];
  readonly timers: readonly AzureTimer[];
  /** The function's own schedule queue: a timer firing is sent there, so a failing run is retried, then poisoned. */
  readonly scheduleQueue?: { readonly endpoint: string; readonly queueName: string };
}

/*
 * Binding shapes (`ResourceBinding` extras) per kind, as the builders write them:
 * - table:  { name: <table name>, endpoint: 'https://<account>.table.core.windows.net', partitionKey, sortKey?, timeToLiveAttribute? }
 * - bucket: { name: <container name>, endpoint: 'https://<account>.blob.core.windows.net' }
 * - queue:  { name: <queue name>, endpoint: 'https://<account>.queue.core.windows.net', retentionSeconds }
 * - topic:  { name: <topic name>, endpoint: <Event Grid topic endpoint, https://<topic>.<region>-1.eventgrid.azure.net/api/events> }
 * - secret: { name: <Key Vault secret name>, vaultUri: 'https://<vault>.vault.azure.net/' }
 * An endpoint on a loopback host is a local emulator (Azurite's `devstoreaccount1`, or a test
 * harness playing Event Grid / Key Vault): see `storage-credential.ts`.
 */
