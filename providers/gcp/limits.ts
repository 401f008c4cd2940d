import type { App, ValidationIssue } from 'anycloud';
import { describeValue, hasAsyncTriggers, resourcesOf, triggersByFunction } from 'anycloud/adapter';
import { DELIVERY_ATTEMPTS } from './push-delivery';
import { schedulerExpressible } from './schedule';
import type { GcpBuildOptions } from './settings';

/** GCP limits the adapter checks before it declares anything (sources in the comments). */
export const GCP_LIMITS = {
  /**
   * Cloud Run functions memory tiers and the vCPU each gets (https://cloud.google.com/functions/docs/configuring/memory).
   * MiB → vCPU.
   */
  memoryCpu: {
    128: '0.083',
    256: '0.167',
    512: '0.333',
    1024: '0.583',
    2048: '1',
    4096: '2',
    8192: '2',
    16384: '4',
    32768: '8',
  },
  /** Most seconds an HTTP function (and API Gateway's backend deadline) runs (functions/docs/configuring/timeout). */
  httpTimeoutSeconds: 3600,
  /** Most seconds a push-invoked function may run: a push must be answered within the subscription's ack deadline (10-600 s). */
  pushTimeoutSeconds: 600,
  /** Pub/Sub keeps an unacknowledged message 10 minutes to 7 days (subscription `messageRetentionDuration`). */
  retentionSeconds: { min: 600, max: 604_800 },
  /** Most retries: Pub/Sub dead-letters after at most 100 delivery attempts. */
  maxRetries: DELIVERY_ATTEMPTS.max - 1,
  /** Most instances per function (Cloud Run functions quotas). */
  maximumInstanceCount: { min: 1, max: 1000 },
  /** Environment variables a function may have, and their total size (Cloud Run). */
  environment: { count: 1000, bytes: 32 * 1024 },
} as const;

/** Environment variable names Cloud Run reserves or sets itself. */
const RESERVED_ENV =
  /^(PORT|K_SERVICE|K_REVISION|K_CONFIGURATION|FUNCTION_TARGET|FUNCTION_SIGNATURE_TYPE|X_GOOGLE_.*|GOOGLE_.*|IGNORED_ROUTES|ANYCLOUD_.*)$/;

/** A project id: 6-30 lowercase letters, digits and hyphens, starting with a letter. */
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** A region: `europe-west1`, `us-central1`, `asia-northeast1`... */
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
/** A Firestore location: a region, or a multi-region (`nam5`, `eur3`). */
const FIRESTORE_LOCATION = /^(?:[a-z]+-[a-z]+[0-9]+|nam[0-9]+|eur[0-9]+)$/;

/** `availableMemory` of a function's memory in MB. */
export function memoryOf(memoryMb: number): string {
  return memoryMb >= 1024 ? `${memoryMb / 1024}Gi` : `${memoryMb}Mi`;
}

/** `availableCpu` of a function's memory tier. */
export function cpuOf(memoryMb: number): string {
  return (GCP_LIMITS.memoryCpu as Readonly<Record<number, string>>)[memoryMb] ?? '1';
}

function issue(path: string, rule: string, value: unknown, message: string): ValidationIssue {
  return { path, rule, value, message: `${message} (got ${describeValue(value)})` };
}

/** Checks `app` and the build options against GCP's limits; returns every issue found. */
export function checkGcpLimits(app: App, options: GcpBuildOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const L = GCP_LIMITS;
  const root = app.node.path;
  if (typeof options.project !== 'string' || !PROJECT.test(options.project))
    issues.push(
      issue(
        root,
        'gcp.project',
        options.project,
        'set the project: pulumi config set gcp:project my-project',
      ),
    );
  if (typeof options.region !== 'string' || !REGION.test(options.region))
    issues.push(
      issue(root, 'gcp.region', options.region, 'set the region: pulumi config set gcp:region europe-west1'),
    );
  const location = options.firestoreLocation;
  if (location !== undefined && !FIRESTORE_LOCATION.test(location))
    issues.push(
      issue(
        root,
        'gcp.firestoreLocation',
        location,
        'the Firestore location is a region (europe-west1) or a multi-region (eur3, nam5)',
      ),
    );
  const max = options.maximumInstanceCount;
  if (
    max !== undefined &&
    (!Number.isInteger(max) || max < L.maximumInstanceCount.min || max > L.maximumInstanceCount.max)
  )
    issues.push(
      issue(root, 'gcp.maximumInstanceCount', max, 'maximumInstanceCount must be an integer from 1 to 1000'),
    );

  const triggers = triggersByFunction(app);
  for (const fn of resourcesOf(app, 'function')) {
    const path = fn.node.path;
    if (!(fn.memoryMb in L.memoryCpu))
      issues.push(
        issue(
          path,
          'gcp.function.memory',
          `${fn.memoryMb} MB`,
          'Cloud Run functions memory is 128, 256 or 512 MB, or 1, 2, 4, 8, 16 or 32 GB',
        ),
      );
    const t = triggers.get(fn)!;
    const pushed = t.queues.length > 0 || hasAsyncTriggers(t);
    if (pushed && fn.timeoutSeconds > L.pushTimeoutSeconds)
      issues.push(
        issue(
          path,
          'gcp.function.pushTimeout',
          `${fn.timeoutSeconds} seconds`,
          `a function woken by queues, topics, object events or schedules must finish within ${L.pushTimeoutSeconds} seconds (a Pub/Sub push is answered within the ack deadline, at most 600 s)`,
        ),
      );
    else if (fn.timeoutSeconds > L.httpTimeoutSeconds)
      issues.push(
        issue(
          path,
          'gcp.function.timeout',
          `${fn.timeoutSeconds} seconds`,
          `an HTTP function runs at most ${L.httpTimeoutSeconds} seconds`,
        ),
      );
    const names = Object.keys(fn.environment);
    const reserved = names.filter((n) => RESERVED_ENV.test(n));
    if (reserved.length > 0)
      issues.push(
        issue(
          path,
          'gcp.function.environment',
          reserved,
          'these environment variable names are reserved on Cloud Run functions',
        ),
      );
    const bytes = names.reduce((n, k) => n + Buffer.byteLength(k) + Buffer.byteLength(fn.environment[k]), 0);
    if (names.length > L.environment.count || bytes > L.environment.bytes)
      issues.push(
        issue(
          path,
          'gcp.function.environment',
          `${names.length} variables, ${bytes} bytes`,
          'Cloud Run functions take at most 1000 environment variables and 32 KiB in all',
        ),
      );
  }

  for (const api of resourcesOf(app, 'http-api'))
    for (const route of api.routes)
      if (route.key.path === '/_anycloud' || route.key.path.startsWith('/_anycloud/'))
        issues.push(
          issue(
            api.node.path,
            'gcp.httpApi.reservedPath',
            route.key.path,
            'paths under /_anycloud/ are where Pub/Sub pushes to functions on GCP: choose another path',
          ),
        );

  for (const queue of resourcesOf(app, 'queue')) {
    const r = queue.retentionSeconds;
    if (r < L.retentionSeconds.min || r > L.retentionSeconds.max)
      issues.push(
        issue(
          queue.node.path,
          'gcp.queue.retention',
          `${r} seconds`,
          'a Pub/Sub subscription keeps messages 10 minutes to 7 days',
        ),
      );
    if (queue.subscription && queue.subscription.maxRetries > L.maxRetries)
      issues.push(
        issue(
          queue.node.path,
          'gcp.queue.maxRetries',
          queue.subscription.maxRetries,
          `Pub/Sub dead-letters after at most 100 deliveries: maxRetries ≤ ${L.maxRetries}`,
        ),
      );
  }
  for (const topic of resourcesOf(app, 'topic'))
    for (const s of topic.subscriptions)
      if (s.maxRetries > L.maxRetries)
        issues.push(
          issue(
            topic.node.path,
            'gcp.topic.maxRetries',
            s.maxRetries,
            `Pub/Sub dead-letters after at most 100 deliveries: maxRetries ≤ ${L.maxRetries}`,
          ),
        );
  for (const schedule of resourcesOf(app, 'schedule'))
    if (!schedulerExpressible(schedule))
      issues.push(
        issue(
          schedule.node.path,
          'gcp.schedule.rate',
          `rate ${schedule.rateSeconds} seconds`,
          'Cloud Scheduler takes a cron: a rate must divide an hour or a day evenly; use a cron expression',
        ),
      );
  return issues;
}
