import { relative } from 'node:path';
import { type App } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { checkLocalRules } from './limits';

/**
 * The local target's plan for `app`, as plain deterministic JSON: what `anycloud dev` will
 * serve, store and deliver. Paths are relative to `projectDir`.
 */
export function describeLocal(app: App, projectDir: string = process.cwd()) {
  app.validate(checkLocalRules(app));
  const path = (p: string) => relative(projectDir, p).split('\\').join('/');
  return {
    target: 'local' as const,
    stateDir: `.anycloud/local/${app.name}`,
    routes: resourcesOf(app, 'http-api').flatMap((api) =>
      api.routes.map((r) => ({
        api: api.node.path,
        route: `${r.key.method} ${r.key.path}`,
        function: r.target.node.path,
        cors: api.cors ?? null,
      })),
    ),
    functions: resourcesOf(app, 'function').map((fn) => ({
      path: fn.node.path,
      entry: path(fn.entry),
      handler: fn.handler,
      memoryMb: fn.memoryMb,
      timeoutSeconds: fn.timeoutSeconds,
      grants: fn.grants.map((g) => ({
        resource: g.resource.node.path,
        kind: g.resource.kind,
        access: g.access,
      })),
    })),
    tables: resourcesOf(app, 'table').map((t) => ({
      path: t.node.path,
      file: `tables/${t.node.id}.json`,
      partitionKey: t.partitionKey,
      sortKey: t.sortKey ?? null,
      timeToLiveAttribute: t.timeToLiveAttribute ?? null,
    })),
    buckets: resourcesOf(app, 'bucket').map((b) => ({
      path: b.node.path,
      folder: `buckets/${b.node.id}`,
      events: b.subscriptions.map((s) => ({
        type: s.type,
        function: s.target.node.path,
        prefix: s.prefix ?? null,
        suffix: s.suffix ?? null,
      })),
    })),
    queues: resourcesOf(app, 'queue').map((q) => ({
      path: q.node.path,
      channel: `channels/${q.node.id}.json`,
      consumer: q.subscription
        ? {
            function: q.subscription.target.node.path,
            batchSize: q.subscription.batchSize,
            maxRetries: q.subscription.maxRetries,
          }
        : null,
    })),
    topics: resourcesOf(app, 'topic').map((t) => ({
      path: t.node.path,
      subscribers: t.subscriptions.map((s) => ({
        function: s.target.node.path,
        maxRetries: s.maxRetries,
        channel: `channels/${t.node.id}.${s.target.node.id}.json`,
      })),
    })),
    schedules: resourcesOf(app, 'schedule').map((s) => ({
      path: s.node.path,
      cron: s.cron ?? null,
      rateSeconds: s.rateSeconds ?? null,
      timeZone: s.timeZone,
      function: s.target.node.path,
    })),
    secrets: resourcesOf(app, 'secret').map((s) => ({ path: s.node.path })),
  };
}

/** The local synth document. */
export type LocalDocument = ReturnType<typeof describeLocal>;
