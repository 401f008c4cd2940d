import { relative } from 'node:path';
import pc from 'picocolors';
import type { HttpApi } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { sampleRequests } from './dev-samples';
import { LocalApp, type InvocationLog } from 'anycloud/local';
import { loadApp } from '../load-app';
import { withSpinner } from '../spinner';

let clockSecond = 0;
let clockText = '';

/** HH:MM:SS of now, formatted once per second. */
function clock(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== clockSecond) {
    clockSecond = second;
    clockText = pc.dim(new Date(now).toISOString().slice(11, 19));
  }
  return clockText;
}

function isOk(status: string): boolean {
  const c = status.charCodeAt(0);
  return (status.length === 3 && (c === 50 || c === 51)) || status === 'ok' || status === 'done';
}

function logLine(entry: InvocationLog): string {
  const time = clock();
  const ok = isOk(entry.status);
  const status = ok ? pc.green(entry.status) : pc.red(entry.status);
  return `${time} ${entry.function} ${pc.cyan(entry.trigger)} ${status} ${pc.dim(`${entry.ms.toFixed(0)} ms`)}${entry.error ? ` ${pc.red(entry.error)}` : ''}\n`;
}

/**
 * Writes log lines in small batches (at most 25 ms late): one write per request would cost
 * the server a system call on every invocation.
 */
function batchedWriter(write: (text: string) => void): { line(text: string): void; flush(): void } {
  let buffer = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (buffer) write(buffer);
    buffer = '';
  };
  return {
    line(text) {
      buffer += text;
      if (buffer.length > 64 * 1024) flush();
      else timer ??= setTimeout(flush, 25);
    },
    flush,
  };
}

/**
 * For each API with auth: a token the dev server accepts (signed by its local issuer, valid 12
 * hours, every scope its routes ask for) and how to send it. The API's real issuer is not
 * contacted: its issuer, audience, expiry and scopes are checked as on the clouds.
 */
async function printDevTokens(local: LocalApp, out: NodeJS.WriteStream): Promise<void> {
  for (const api of resourcesOf(local.app, 'http-api')) {
    if (!api.auth) continue;
    const scopes = scopesOf(api);
    const token = await local.token({ api, sub: 'dev-user', scopes, expiresInSeconds: 12 * 3600 });
    out.write(
      `\n  ${pc.bold(api.node.path)} requires a bearer token (issuer ${api.auth.issuer}); a local one for sub dev-user${
        scopes.length ? `, scopes ${scopes.join(' ')}` : ''
      }:\n  curl -H 'authorization: Bearer ${token}' ${local.url}…\n`,
    );
  }
}

/** A token for the samples: the first API with auth, every scope its routes ask for, 12 hours. */
async function devToken(local: LocalApp): Promise<string | undefined> {
  const api = resourcesOf(local.app, 'http-api').find((a) => a.auth);
  if (!api) return undefined;
  return local.token({ api, sub: 'dev-user', scopes: scopesOf(api), expiresInSeconds: 12 * 3600 });
}

/** Every scope the routes of `api` ask for, sorted. */
function scopesOf(api: HttpApi): string[] {
  return [...new Set(api.routes.flatMap((r) => (r.auth.kind === 'jwt' ? r.auth.scopes : [])))].sort();
}

/** `anycloud dev [app] --port N`: runs the app locally until Ctrl-C. */
export async function dev(target: string | undefined, options: { port: string }): Promise<void> {
  const { app } = loadApp(target);
  const port = Number(options.port);
  const log = batchedWriter((text) => process.stdout.write(text));
  const local = await withSpinner('building functions', () =>
    LocalApp.start(app, {
      port,
      background: true,
      watch: true,
      onInvocation: (entry) => log.line(logLine(entry)),
      onReload: (fn, error) =>
        process.stdout.write(
          error
            ? `${pc.red('✖ rebuild failed')} ${fn.node.path}: ${error.message}\n`
            : `${pc.yellow('↻ rebuilt')} ${fn.node.path}\n`,
        ),
    }),
  );
  const out = process.stdout;
  out.write(`\n${pc.bold(`anycloud dev — ${app.name} (${app.stage})`)} on ${pc.cyan(local.url)}\n\n`);
  for (const { route } of local.router.routes) {
    out.write(
      `  ${pc.bold(route.key.method.padEnd(7))} ${local.url}${route.key.path}  ${pc.dim(route.target.node.path)}\n`,
    );
  }
  for (const s of local.scheduler.upcoming())
    out.write(`  ${pc.bold('CRON'.padEnd(7))} ${s.id} next at ${s.next.toISOString()}\n`);
  const samples = sampleRequests(local.router.routes, local.url, await devToken(local));
  if (samples.length > 0) out.write('\n');
  for (const sample of samples) out.write(`  try: ${sample}\n`);
  await printDevTokens(local, out);
  const functions = resourcesOf(app, 'function').length;
  out.write(
    `\n  state: ${relative(process.cwd(), local.stateDir) || '.'}  ·  ${functions} function${functions === 1 ? '' : 's'}  ·  Ctrl-C to stop\n\n`,
  );

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log.flush();
      out.write(pc.dim('\nstopping…\n'));
      void local.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
