import { type App, type ValidationIssue } from 'anycloud';
import { describeValue, resourcesOf, triggersByFunction } from 'anycloud/adapter';
import { toEventBridgeCron } from './cron';

/** AWS limits the adapter checks before it declares anything (sources in PROVIDER-FACTS.md). */
export const AWS_LIMITS = {
  /** Lambda memory, MB. */
  memoryMb: { min: 128, max: 10_240 },
  /** Lambda timeout, seconds. */
  timeoutSeconds: 900,
  /** API Gateway HTTP API integration timeout, seconds. */
  httpIntegrationTimeoutSeconds: 30,
  /** Lambda asynchronous invocation retries (topic subscribers). */
  asyncRetries: 2,
  /** Lambda environment variables, total bytes. */
  environmentBytes: 4096,
  /** Resources in one CloudFormation template. */
  stackResources: 500,
} as const;

function issue(path: string, rule: string, value: unknown, message: string): ValidationIssue {
  return { path, rule, value, message: `${message} (got ${describeValue(value)})` };
}

/** Checks `app` against AWS's limits; returns every issue found. */
export function checkAwsLimits(app: App): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const triggers = triggersByFunction(app);
  for (const fn of resourcesOf(app, 'function')) {
    const path = fn.node.path;
    const { min, max } = AWS_LIMITS.memoryMb;
    if (fn.memoryMb && (fn.memoryMb < min || fn.memoryMb > max)) {
      issues.push(
        issue(path, 'aws.function.memory', `${fn.memoryMb} MB`, `Lambda memory must be ${min}-${max} MB`),
      );
    }
    if (fn.timeoutSeconds > AWS_LIMITS.timeoutSeconds) {
      issues.push(
        issue(
          path,
          'aws.function.timeout',
          `${fn.timeoutSeconds} seconds`,
          `Lambda timeout must be at most ${AWS_LIMITS.timeoutSeconds} seconds`,
        ),
      );
    }
    const t = triggers.get(fn);
    if (t && t.routes.length > 0 && fn.timeoutSeconds > AWS_LIMITS.httpIntegrationTimeoutSeconds) {
      issues.push(
        issue(
          path,
          'aws.route.timeout',
          `${fn.timeoutSeconds} seconds`,
          `a function behind an HTTP API route must time out within ${AWS_LIMITS.httpIntegrationTimeoutSeconds} seconds (API Gateway's integration limit)`,
        ),
      );
    }
    const retries = new Set(t?.topics.map((s) => s.subscription.maxRetries));
    for (const r of retries) {
      if (r > AWS_LIMITS.asyncRetries) {
        issues.push(
          issue(
            path,
            'aws.topic.maxRetries',
            r,
            `topic subscribers are retried by Lambda at most ${AWS_LIMITS.asyncRetries} times on AWS`,
          ),
        );
      }
    }
    if (retries.size > 1) {
      issues.push(
        issue(
          path,
          'aws.topic.maxRetries.conflict',
          [...retries],
          'one function subscribed to several topics needs one maxRetries on AWS',
        ),
      );
    }
    const envBytes = Object.entries(fn.environment).reduce(
      (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v),
      0,
    );
    if (envBytes > AWS_LIMITS.environmentBytes - 1024) {
      issues.push(
        issue(
          path,
          'aws.function.environment.size',
          `${envBytes} bytes`,
          `Lambda environment variables must total under ${AWS_LIMITS.environmentBytes - 1024} bytes (1 KB is kept for anycloud's bindings)`,
        ),
      );
    }
    for (const name of Object.keys(fn.environment)) {
      // Lambda's key pattern is [a-zA-Z]([a-zA-Z0-9_])+ (API reference, Environment.Variables).
      if (!/^[A-Za-z][A-Za-z0-9_]+$/.test(name)) {
        issues.push(
          issue(
            path,
            'aws.function.environment.name',
            name,
            'Lambda environment variable names must start with a letter and be at least 2 characters of letters, digits or _',
          ),
        );
      }
      if (name.startsWith('AWS_') || name === '_HANDLER' || name.startsWith('LAMBDA_')) {
        issues.push(
          issue(
            path,
            'aws.function.environment.reserved',
            name,
            'this environment variable is reserved by Lambda',
          ),
        );
      }
    }
  }
  for (const schedule of resourcesOf(app, 'schedule')) {
    if (!schedule.cronExpression) continue;
    try {
      toEventBridgeCron(schedule.cronExpression);
    } catch (error) {
      issues.push(issue(schedule.node.path, 'aws.schedule.cron', schedule.cron, (error as Error).message));
    }
  }
  return issues;
}
