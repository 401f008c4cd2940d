import type { App, ValidationIssue } from 'anycloud';
import { describeValue, resourcesOf, triggersByFunction } from 'anycloud/adapter';
import { toAzureTimer } from './ncrontab';
import type { AzureBuildOptions } from './settings';

/** Azure limits the adapter checks before it declares anything (sources in the comments). */
export const AZURE_LIMITS = {
  /** Flex Consumption instance sizes, MB (https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#instance-memory). */
  instanceMemoryMb: [512, 2048, 4096],
  /** Most seconds an HTTP-triggered function can answer in: the load balancer's idle timeout (functions-scale#timeout). */
  httpTimeoutSeconds: 230,
  /** Flex Consumption `maximumInstanceCount` range (flex-consumption-plan "Considerations"). */
  maximumInstanceCount: { min: 1, max: 1000 },
} as const;

/** A region name as Azure Resource Manager takes it (`westeurope`, `eastus2`) or its display name (`West Europe`). */
const LOCATION = /^(?:[a-z]+[0-9]*|[A-Z][A-Za-z]*(?: [A-Z0-9][A-Za-z0-9]*)+)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function issue(path: string, rule: string, value: unknown, message: string): ValidationIssue {
  return { path, rule, value, message: `${message} (got ${describeValue(value)})` };
}

/** Checks `app` and the build options against Azure's limits; returns every issue found. */
export function checkAzureLimits(app: App, options: AzureBuildOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const L = AZURE_LIMITS;
  const root = app.node.path;

  if (typeof options.location !== 'string' || !LOCATION.test(options.location)) {
    issues.push(
      issue(
        root,
        'azure.location',
        options.location,
        'set the region: pulumi config set azure-native:location westeurope',
      ),
    );
  }
  if (
    resourcesOf(app, 'http-api').length > 0 &&
    (typeof options.publisherEmail !== 'string' || !EMAIL.test(options.publisherEmail))
  ) {
    issues.push(
      issue(
        root,
        'azure.apim.publisherEmail',
        options.publisherEmail,
        'API Management needs a publisher email: pulumi config set anycloud:azurePublisherEmail you@example.com',
      ),
    );
  }
  const max = options.maximumInstanceCount;
  if (
    max !== undefined &&
    (!Number.isInteger(max) || max < L.maximumInstanceCount.min || max > L.maximumInstanceCount.max)
  ) {
    issues.push(
      issue(
        root,
        'azure.maximumInstanceCount',
        max,
        'maximumInstanceCount must be an integer from 1 to 1000 (Flex Consumption)',
      ),
    );
  }

  const triggers = triggersByFunction(app);
  for (const fn of resourcesOf(app, 'function')) {
    const path = fn.node.path;
    if (!(L.instanceMemoryMb as readonly number[]).includes(fn.memoryMb)) {
      issues.push(
        issue(
          path,
          'azure.function.memory',
          `${fn.memoryMb} MB`,
          'Flex Consumption instances have 512, 2048 or 4096 MB: set memory to one of them',
        ),
      );
    }
    const t = triggers.get(fn)!;
    if (t.routes.length > 0 && fn.timeoutSeconds > L.httpTimeoutSeconds) {
      issues.push(
        issue(
          path,
          'azure.function.httpTimeout',
          `${fn.timeoutSeconds} seconds`,
          `a function with HTTP routes must answer within ${L.httpTimeoutSeconds} seconds (Azure's load balancer closes the request); lower timeout or move the work to a queue`,
        ),
      );
    }
    const sizes = [...new Set(t.queues.map((q) => q.subscription.batchSize))];
    if (sizes.length > 1) {
      issues.push(
        issue(
          path,
          'azure.function.batchSize',
          sizes,
          `a function app has one queue batch size (host.json), but ${t.queues.map((q) => `${q.queue.node.path} asks ${q.subscription.batchSize}`).join(', ')}: use the same batchSize`,
        ),
      );
    }
  }

  for (const schedule of resourcesOf(app, 'schedule')) {
    const translated = toAzureTimer(schedule);
    if (typeof translated === 'string')
      issues.push(
        issue(
          schedule.node.path,
          'azure.schedule.cron',
          schedule.cron ?? `rate ${schedule.rateSeconds} seconds`,
          translated,
        ),
      );
  }
  return issues;
}
