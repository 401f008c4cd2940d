/** Facts about the current invocation. */
export interface InvocationContext {
  /** Construct path of the function, e.g. `shop/CreateOrder`. */
  readonly functionPath: string;
  /** Target-assigned id of this invocation. */
  readonly invocationId: string;
}

/** The verified bearer token of a request. */
export interface RequestAuth {
  /** The subject (`sub` claim): who the caller is. */
  readonly sub?: string;
  /** Scopes granted by the token (`scope` or `scp` claim). */
  readonly scopes: readonly string[];
  /** Every claim of the token. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** A neutral HTTP request, the same on every target. */
export interface HttpRequest {
  /** Upper-case method, e.g. `GET`. */
  readonly method: string;
  /**
   * The full URL the client requested, with scheme, host, path and raw query string, e.g.
   * `https://api.example.com/orders/42?expand=items`: build absolute links from it
   * (`new URL('/orders/43', request.url)`), or read repeated query keys with
   * `new URL(request.url).searchParams.getAll('tag')`.
   */
  readonly url: string;
  /** Request path, percent-decoded, e.g. `/orders/42`. */
  readonly path: string;
  /** The route that matched, e.g. `GET /orders/{id}`. */
  readonly route: string;
  /** Path parameters by name, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * Query string parameters, decoded as browsers decode them (`URLSearchParams`: `+` is a space,
   * percent-encoded UTF-8 is decoded, commas are kept). The last value wins for a repeated key;
   * read every value from {@link url}.
   */
  readonly query: Readonly<Record<string, string>>;
  /** Headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The verified identity of the caller, on a route of an API with auth (a request without a
   * valid token never reaches the handler): its `sub`, granted scopes and every claim.
   */
  readonly auth?: RequestAuth;
  /** The body as text (empty string when there is none). */
  text(): Promise<string>;
  /** The body parsed as JSON; rejects with a 400-worthy error when it is not JSON. */
  json<T = unknown>(): Promise<T>;
  /** The raw body bytes. */
  bytes(): Promise<Uint8Array>;
}

/**
 * A neutral HTTP response. Give `json` for a JSON body or `body` for text or bytes. Bytes are
 * sent exactly as given on every target (compressed bodies, other charsets, binary files).
 */
export interface HttpResponse {
  /** Status code. @default 200 */
  readonly status?: number;
  /** Response headers (one value each; send cookies with {@link cookies}). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `Set-Cookie` values, one header each, e.g. `['session=abc; HttpOnly; Secure', 'theme=dark']`.
   * A `set-cookie` entry in `headers` is sent too, before these.
   */
  readonly cookies?: readonly string[];
  readonly body?: string | Uint8Array;
  readonly json?: unknown;
}

/** A schedule firing. */
export interface ScheduleEvent {
  /** Construct id of the schedule. */
  readonly scheduleId: string;
  /** The scheduled time, ISO 8601 UTC. */
  readonly time: string;
}

/** An object created in or removed from a bucket. */
export interface ObjectEvent {
  readonly type: 'created' | 'removed';
  /** Construct id of the bucket. */
  readonly bucket: string;
  /** Object key, decoded. */
  readonly key: string;
  /** Size in bytes (created events). */
  readonly size?: number;
  /** Event time, ISO 8601 UTC. */
  readonly time: string;
}

/** One queue or topic message. Throwing from the handler fails this message only. */
export interface Message<T = unknown> {
  /** Target-assigned message id. */
  readonly id: string;
  /** The body as sent: parsed JSON when it was sent as JSON. */
  readonly body: T;
  /** 1 on first delivery, then 2, 3... */
  readonly attempt: number;
  /** Where the message came from: a queue or a topic, by construct id. */
  readonly source: { readonly kind: 'queue' | 'topic'; readonly id: string };
}

/** An HTTP handler, made by {@link http}. */
export interface HttpHandler {
  readonly kind: 'http';
  readonly run: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponse> | HttpResponse;
}
/** A schedule handler, made by {@link schedule}. */
export interface ScheduleHandler {
  readonly kind: 'schedule';
  readonly run: (event: ScheduleEvent, context: InvocationContext) => Promise<void> | void;
}
/** An object event handler, made by {@link objectEvent}. */
export interface ObjectEventHandler {
  readonly kind: 'object-event';
  readonly run: (event: ObjectEvent, context: InvocationContext) => Promise<void> | void;
}
/** A message handler for queues and topics, made by {@link messages}. */
export interface MessagesHandler {
  readonly kind: 'messages';
  readonly run: (message: Message, context: InvocationContext) => Promise<void> | void;
}

/** Any neutral handler. */
export type NeutralHandler = HttpHandler | ScheduleHandler | ObjectEventHandler | MessagesHandler;

/** Declares an HTTP route handler. */
export function http(run: HttpHandler['run']): HttpHandler {
  return { kind: 'http', run };
}
/** Declares a schedule handler. */
export function schedule(run: ScheduleHandler['run']): ScheduleHandler {
  return { kind: 'schedule', run };
}
/** Declares an object event handler (bucket `onObjectCreated` / `onObjectRemoved`). */
export function objectEvent(run: ObjectEventHandler['run']): ObjectEventHandler {
  return { kind: 'object-event', run };
}
/** Declares a message handler (queue or topic subscription); called once per message. */
export function messages<T = unknown>(
  run: (message: Message<T>, context: InvocationContext) => Promise<void> | void,
): MessagesHandler {
  return { kind: 'messages', run: run as MessagesHandler['run'] };
}

/** True when `value` is a handler made by one of the helpers. */
export function isNeutralHandler(value: unknown): value is NeutralHandler {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { run?: unknown }).run === 'function' &&
    (kind === 'http' || kind === 'schedule' || kind === 'object-event' || kind === 'messages')
  );
}
