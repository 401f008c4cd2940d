import * as functions from '@google-cloud/functions-framework';
import type { InvocationContext, NeutralHandler, RequestAuth } from 'anycloud/runtime';
import {
  applyCors,
  authFailure,
  verifiedIdentity,
  corsHeaders,
  decodePath,
  dispatchHttp,
  dispatchMessages,
  handlerFor,
  neutralHandlerOf,
  parseJsonSetting,
  preflightHeaders,
  RouteTable,
  setRuntimeHost,
  type Bindings,
  type RuntimeHost,
} from 'anycloud/runtime/host';
import {
  USERINFO_HEADER,
  DELIVER_AFTER_ATTRIBUTE,
  ENTRY_POINT,
  FUNCTION_ENV,
  PUSH_PATH_PREFIX,
  type GcpPush,
  type GcpRoute,
  type GcpTriggers,
} from './function-settings';
import {
  isPushEnvelope,
  neutralMessage,
  neutralObjectEvent,
  neutralScheduleEvent,
  type PushEnvelope,
} from './push-envelope';

/** The Functions Framework's request and response (Express's). */
type Request = Parameters<functions.HttpFunction>[0];
type Response = Parameters<functions.HttpFunction>[1];

const NO_TRIGGERS: GcpTriggers = { routes: [], pushes: [] };

/** Sets headers as given (Express's `res.set` would add a charset to the content type). */
function setHeaders(res: Response, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.status(status);
  setHeaders(res, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Runs one push delivery. Answers 2xx when the handler succeeded (or the event is filtered out),
 * 500 when it failed (Pub/Sub redelivers), and 429 without running the handler once the source's
 * retries are spent, so Pub/Sub, which needs at least 5 attempts, dead-letters after exactly
 * `maxRetries + 1` runs of the handler.
 */
async function servePush(
  handler: NeutralHandler,
  push: GcpPush,
  envelope: PushEnvelope,
  ctx: InvocationContext,
  res: Response,
): Promise<void> {
  const attempt = envelope.deliveryAttempt ?? 1;
  const deliverAfter = Number(envelope.message.attributes?.[DELIVER_AFTER_ATTRIBUTE]);
  if (Number.isFinite(deliverAfter) && Date.now() < deliverAfter) {
    sendJson(res, 429, { message: 'delayed message: not yet' });
    return;
  }
  if (attempt > push.maxRetries + 1) {
    sendJson(res, 429, { message: `retries spent (${push.maxRetries}): waiting for the dead-letter topic` });
    return;
  }
  const who = `"${ctx.functionPath}"`;
  try {
    if (push.source.kind === 'schedule') {
      const event = neutralScheduleEvent(envelope);
      await handlerFor(handler, 'schedule', `a firing of schedule ${event.scheduleId}`, who).run(event, ctx);
    } else if (push.source.kind === 'bucket') {
      const event = neutralObjectEvent(envelope, push);
      if (event)
        await handlerFor(handler, 'object-event', `an object event of bucket ${push.source.id}`, who).run(
          event,
          ctx,
        );
    } else {
      const consumer = handlerFor(
        handler,
        'messages',
        `a message of ${push.source.kind} ${push.source.id}`,
        who,
      );
      const failed = await dispatchMessages(consumer, [neutralMessage(envelope, push.source)], ctx);
      if (failed.length > 0)
        throw new Error(`message ${envelope.message.messageId} failed (attempt ${attempt})`);
    }
    res.status(204).end();
  } catch (error) {
    console.error(`[anycloud] ${ctx.functionPath} ${push.path}: attempt ${attempt} failed:`, error);
    sendJson(res, 500, { message: 'failed; Pub/Sub will redeliver' });
  }
}

/** Runs one route request (API Gateway forwards the original path: APPEND_PATH_TO_ADDRESS). */
async function serveRoute(
  handler: NeutralHandler,
  table: RouteTable<GcpRoute>,
  triggers: GcpTriggers,
  req: Request,
  res: Response,
  ctx: InvocationContext,
): Promise<void> {
  const cors = triggers.cors;
  const origin = req.get('origin') ?? undefined;
  const pathname = req.path;
  const path = decodePath(pathname);
  if (req.method === 'OPTIONS' && cors) {
    res.status(204);
    setHeaders(res, preflightHeaders(cors, origin) ?? corsHeaders(cors, undefined));
    res.end();
    return;
  }
  const match = path === undefined ? undefined : table.match(req.method, pathname);
  if (path === undefined || !match) {
    sendJson(
      res,
      path === undefined ? 400 : 404,
      { message: path === undefined ? 'Bad Request' : 'Not Found' },
      corsHeaders(cors, origin),
    );
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  // A protected route: API Gateway verified the token and passes its claims; scopes are checked here.
  let auth: RequestAuth | undefined;
  if (match.target.scopes) {
    const userinfo = headers[USERINFO_HEADER];
    let claims: Record<string, unknown> | undefined;
    try {
      claims = userinfo
        ? (JSON.parse(Buffer.from(userinfo, 'base64url').toString('utf8')) as Record<string, unknown>)
        : undefined;
    } catch {
      claims = undefined;
    }
    const outcome = verifiedIdentity(claims, match.target.scopes);
    if (!outcome.ok) {
      const refused = authFailure(outcome);
      res.status(refused.status);
      setHeaders(res, applyCors({ ...refused.headers }, cors, origin));
      res.end(refused.body);
      return;
    }
    auth = outcome.auth;
  }
  delete headers[USERINFO_HEADER];
  const rawBody = (req as Request & { rawBody?: Buffer }).rawBody;
  const http = handlerFor(handler, 'http', `an HTTP request (${match.routeKey})`, `"${ctx.functionPath}"`);
  const encoded = await dispatchHttp(
    http,
    {
      method: req.method,
      url: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
      path,
      route: match.routeKey,
      params: match.params,
      headers,
      body: rawBody ? new Uint8Array(rawBody) : new Uint8Array(),
      ...(auth ? { auth } : {}),
    },
    ctx,
  );
  res.status(encoded.status);
  setHeaders(res, applyCors({ ...encoded.headers }, cors, origin));
  for (const cookie of encoded.cookies) res.append('set-cookie', cookie);
  if (encoded.status === 204 || encoded.status === 304) res.end();
  else res.end(typeof encoded.body === 'string' ? Buffer.from(encoded.body) : Buffer.from(encoded.body));
}

/**
 * The entry of a function package: checks the user's export, installs the runtime host (bindings
 * and the client factories bundled for this function) and registers one HTTP function with the
 * Functions Framework that serves the function's routes (as API Gateway forwards them) and the
 * Pub/Sub push deliveries of its queues, topics, object events and schedules, each on its own
 * path under `/_anycloud/push/`. Runs once, when the framework loads the package.
 */
export function registerFunction(exported: unknown, factories: RuntimeHost['factories']): void {
  const env = process.env;
  const functionPath = env[FUNCTION_ENV.functionPath] ?? 'unknown';
  const handler = neutralHandlerOf(exported, `"${functionPath}"`);
  const bindings = parseJsonSetting<Bindings>(
    FUNCTION_ENV.bindings,
    env[FUNCTION_ENV.bindings],
    {},
    'function',
  );
  const triggers = parseJsonSetting<GcpTriggers>(
    FUNCTION_ENV.triggers,
    env[FUNCTION_ENV.triggers],
    NO_TRIGGERS,
    'function',
  );
  const host: RuntimeHost = { functionPath, bindings, factories };
  setRuntimeHost(host);
  const table = new RouteTable<GcpRoute>(
    triggers.routes.map((r) => ({ method: r.method, path: r.path, target: r })),
  );
  const pushes = new Map(triggers.pushes.map((p) => [p.path, p]));
  let invocations = 0;
  functions.http(ENTRY_POINT, async (req, res) => {
    setRuntimeHost(host); // another package loaded in the same process (tests) may have installed its own
    const ctx: InvocationContext = {
      functionPath,
      invocationId: String(
        req.get('function-execution-id') ?? req.get('x-cloud-trace-context') ?? ++invocations,
      ),
    };
    if (req.path.startsWith(PUSH_PATH_PREFIX)) {
      const push = pushes.get(req.path);
      if (!push || req.method !== 'POST' || !isPushEnvelope(req.body)) {
        sendJson(res, 404, { message: 'Not Found' });
        return;
      }
      await servePush(handler, push, req.body, ctx, res);
      return;
    }
    await serveRoute(handler, table, triggers, req, res, ctx);
  });
}
