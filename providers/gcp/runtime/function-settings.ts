import type { CorsPolicy } from 'anycloud/runtime/host';

/** Environment variables the GCP shim reads (the adapter writes them on each function). */
export const FUNCTION_ENV = {
  functionPath: 'ANYCLOUD_FUNCTION_PATH',
  bindings: 'ANYCLOUD_BINDINGS',
  triggers: 'ANYCLOUD_TRIGGERS',
  project: 'ANYCLOUD_GCP_PROJECT',
} as const;

/** The name the shim registers with the Functions Framework: every function's entry point. */
export const ENTRY_POINT = 'anycloud';

/** The path prefix of Pub/Sub push deliveries on a function's URL (never a neutral route: `_anycloud`). */
export const PUSH_PATH_PREFIX = '/_anycloud/push/';

/** The message attribute holding a delayed message's earliest delivery time (epoch ms). */
export const DELIVER_AFTER_ATTRIBUTE = 'anycloud-deliver-after';

/** One route the function serves, as API Gateway forwards it (APPEND_PATH_TO_ADDRESS: the original path). */
export interface GcpRoute {
  readonly key: string;
  readonly method: string;
  readonly path: string;
  /** On a protected route, the scopes the token must grant (API Gateway verified the token). */
  readonly scopes?: readonly string[];
}

/** The header API Gateway puts the verified token's claims in (base64url JSON). */
export const USERINFO_HEADER = 'x-apigateway-api-userinfo';

/** What a push delivery brings, and how many times the handler may run before it is dead-lettered. */
export interface GcpPush {
  /** The push endpoint's path on the function URL: `/_anycloud/push/<kind>/<id>[/<n>]`. */
  readonly path: string;
  readonly source: { readonly kind: 'queue' | 'topic' | 'bucket' | 'schedule'; readonly id: string };
  /** The handler runs at most `maxRetries + 1` times; later deliveries are refused so Pub/Sub dead-letters them. */
  readonly maxRetries: number;
  /** Object events: the key suffix (Cloud Storage notifications filter the prefix only). */
  readonly suffix?: string;
}

/** Everything that wakes a function, as its shim serves it. */
export interface GcpTriggers {
  readonly routes: readonly GcpRoute[];
  readonly cors?: CorsPolicy;
  readonly pushes: readonly GcpPush[];
}
