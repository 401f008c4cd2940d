import { type App, type ValidationIssue } from 'anycloud';
import { describeValue, resourcesOf } from 'anycloud/adapter';
import { toCloudflareCron } from './cron';
import type { CloudflareBuildOptions } from './settings';

/** Cloudflare limits the adapter checks before it declares anything (sources in PROVIDER-FACTS.md). */
export const CLOUDFLARE_LIMITS = {
  /** Memory of a Worker isolate, MB (both plans). */
  memoryMb: 128,
  /** Most CPU time one invocation can be given (`limits.cpuMs`, Paid plan), ms. */
  cpuMs: 300_000,
  /** Worker script size (current limits page: 64 MiB on both plans). */
  scriptBytes: 64 * 1024 * 1024,
  /** Cron triggers per account. */
  cronTriggers: { free: 5, paid: 250 },
  /** Queue message retention, seconds (Free: up to 24 hours; Paid: up to 14 days). */
  queueRetentionSeconds: { free: 86_400, paid: 14 * 86_400 },
  /** Environment variables per Worker, and bytes per value. */
  environmentVariables: { free: 64, paid: 128 },
  environmentValueBytes: 5 * 1024,
} as const;

const ACCOUNT_ID = /^[0-9a-f]{32}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function issue(path: string, rule: string, value: unknown, message: string): ValidationIssue {
  return { path, rule, value, message: `${message} (got ${describeValue(value)})` };
}

/** Checks `app` and the build options against Cloudflare's limits; returns every issue found. */
export function checkCloudflareLimits(app: App, options: CloudflareBuildOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const plan = options.plan ?? 'paid';
  const L = CLOUDFLARE_LIMITS;

  if (plan !== 'free' && plan !== 'paid')
    issues.push(issue(app.node.path, 'cloudflare.plan', plan, 'plan must be "free" or "paid"'));
  if (typeof options.accountId !== 'string' || !ACCOUNT_ID.test(options.accountId)) {
    issues.push(
      issue(
        app.node.path,
        'cloudflare.accountId',
        options.accountId,
        'the Cloudflare account id must be 32 lowercase hex characters; set cloudflare:accountId or anycloud:cloudflareAccountId',
      ),
    );
  }

  const maxBytes = options.maxScriptBytes;
  if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > L.scriptBytes))
    issues.push(
      issue(
        app.node.path,
        'cloudflare.maxScriptBytes',
        maxBytes,
        `maxScriptBytes must be an integer from 1 to ${L.scriptBytes} (the largest Worker script)`,
      ),
    );

  for (const fn of resourcesOf(app, 'function')) {
    const path = fn.node.path;
    if (fn.memoryExplicit && fn.memoryMb > L.memoryMb) {
      issues.push(
        issue(
          path,
          'cloudflare.function.memory',
          `${fn.memoryMb} MB`,
          `a Worker has ${L.memoryMb} MB of memory; remove memory or ask for at most ${L.memoryMb} MB`,
        ),
      );
    }
    if (fn.timeoutSeconds * 1000 > L.cpuMs) {
      issues.push(
        issue(
          path,
          'cloudflare.function.timeout',
          `${fn.timeoutSeconds} seconds`,
          `a Worker can be given at most ${L.cpuMs / 1000} seconds of CPU time per invocation`,
        ),
      );
    }
    const names = Object.keys(fn.environment);
    const maxVariables = L.environmentVariables[plan === 'free' ? 'free' : 'paid'];
    if (names.length > maxVariables) {
      issues.push(
        issue(
          path,
          'cloudflare.function.environment',
          names.length,
          `a Worker on the ${plan} plan has at most ${maxVariables} environment variables`,
        ),
      );
    }
    for (const name of names) {
      const bytes = new TextEncoder().encode(fn.environment[name]).length;
      if (bytes > L.environmentValueBytes) {
        issues.push(
          issue(
            path,
            'cloudflare.function.environment',
            `${name} (${bytes} bytes)`,
            `an environment variable value is at most ${L.environmentValueBytes} bytes on Cloudflare`,
          ),
        );
      }
    }
  }

  const crons = new Set<string>();
  for (const schedule of resourcesOf(app, 'schedule')) {
    if (!schedule.cronExpression && schedule.rateSeconds === undefined) continue; // neutral issue already
    const translated = toCloudflareCron(schedule);
    if (typeof translated === 'string') {
      issues.push(
        issue(
          schedule.node.path,
          'cloudflare.schedule.cron',
          schedule.cron ?? `${schedule.rateSeconds} seconds`,
          translated,
        ),
      );
    } else {
      crons.add(`${schedule.target?.node.path} ${translated.cron}`);
    }
  }
  const maxCrons = L.cronTriggers[plan === 'free' ? 'free' : 'paid'];
  if (crons.size > maxCrons) {
    issues.push(
      issue(
        app.node.path,
        'cloudflare.schedule.count',
        crons.size,
        `an account on the ${plan} plan has at most ${maxCrons} cron triggers`,
      ),
    );
  }

  const maxRetention = L.queueRetentionSeconds[plan === 'free' ? 'free' : 'paid'];
  for (const queue of resourcesOf(app, 'queue')) {
    if (queue.retentionSeconds > maxRetention) {
      issues.push(
        issue(
          queue.node.path,
          'cloudflare.queue.retention',
          `${queue.retentionSeconds} seconds`,
          `Cloudflare Queues on the ${plan} plan keep messages at most ${maxRetention} seconds; set retention: '1 day'`,
        ),
      );
    }
  }

  const apis = new Map(resourcesOf(app, 'http-api').map((api) => [api.node.id, api]));
  for (const [id, domain] of Object.entries(options.customDomains ?? {})) {
    const path = apis.get(id)?.node.path ?? app.node.path;
    if (!apis.has(id))
      issues.push(
        issue(path, 'cloudflare.httpApi.domain', id, 'customDomains keys must be HttpApi construct ids'),
      );
    if (typeof domain?.hostname !== 'string' || !HOSTNAME.test(domain.hostname))
      issues.push(
        issue(
          path,
          'cloudflare.httpApi.domain',
          domain?.hostname,
          'a custom domain must be a lowercase hostname like api.example.com',
        ),
      );
    if (typeof domain?.zoneId !== 'string' || !ACCOUNT_ID.test(domain.zoneId))
      issues.push(
        issue(path, 'cloudflare.httpApi.zone', domain?.zoneId, 'a zone id is 32 lowercase hex characters'),
      );
  }
  return issues;
}

/** Checks the built Worker bundles' sizes. */
export function checkScriptSize(path: string, bytes: number, max: number): ValidationIssue | undefined {
  return bytes > max
    ? issue(path, 'cloudflare.function.size', `${bytes} bytes`, `a Worker script is at most ${max} bytes`)
    : undefined;
}
