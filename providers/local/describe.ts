import { relative } from 'node:path';
import type { App } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { systemClock } from './clock';
import { planLocal } from './plan';
import { LocalSecrets } from './secrets';

/**
 * The local target's plan for `app`, as plain deterministic JSON: what `anycloud dev` will
 * serve, store and deliver, read from what the local builders made (nothing is opened or
 * written). Paths are relative to `projectDir`; state paths to the state folder.
 */
export function describeLocal(app: App, projectDir: string = process.cwd()) {
  const stateDir = `.anycloud/local/${app.name}`;
  const { natives } = planLocal(app, { stateDir, clock: systemClock, secrets: new LocalSecrets(projectDir) });
  const path = (p: string) => relative(projectDir, p).split('\\').join('/');
  const state = (p: string) => p.split('\\').join('/');
  return {
    target: 'local' as const,
    stateDir,
    routes: resourcesOf(app, 'http-api').flatMap((api) =>
      natives.nativeOf(api).api.routes.map((r) => ({
        api: api.node.path,
        route: `${r.key.method} ${r.key.path}`,
        function: r.target.node.path,
        cors: api.cors ?? null,
      })),
    ),
    functions: resourcesOf(app, 'function').map((node) => {
      const { fn } = natives.nativeOf(node);
      return {
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
      };
    }),
    tables: resourcesOf(app, 'table').map((t) => ({
      path: t.node.path,
      file: state(natives.nativeOf(t).file),
      partitionKey: t.partitionKey,
      sortKey: t.sortKey ?? null,
      timeToLiveAttribute: t.timeToLiveAttribute ?? null,
    })),
    buckets: resourcesOf(app, 'bucket').map((b) => ({
      path: b.node.path,
      folder: state(natives.nativeOf(b).folder),
      events: natives.nativeOf(b).events.map(({ subscription: s, file }) => ({
        type: s.type,
        function: s.target.node.path,
        prefix: s.prefix ?? null,
        suffix: s.suffix ?? null,
        channel: state(file),
      })),
    })),
    queues: resourcesOf(app, 'queue').map((q) => {
      const { file, subscription } = natives.nativeOf(q);
      return {
        path: q.node.path,
        channel: state(file),
        consumer: subscription
          ? {
              function: subscription.target.node.path,
              batchSize: subscription.batchSize,
              maxRetries: subscription.maxRetries,
            }
          : null,
      };
    }),
    topics: resourcesOf(app, 'topic').map((t) => ({
      path: t.node.path,
      subscribers: natives.nativeOf(t).subscribers.map(({ subscription: s, file }) => ({
        function: s.target.node.path,
        maxRetries: s.maxRetries,
        channel: state(file),
      })),
    })),
    schedules: resourcesOf(app, 'schedule').map((s) => ({
      path: s.node.path,
      cron: s.cron ?? null,
      rateSeconds: s.rateSeconds ?? null,
      timeZone: s.timeZone,
      function: s.target.node.path,
    })),
    secrets: resourcesOf(app, 'secret').map((s) => ({ path: s.node.path, env: natives.nativeOf(s).env })),
  };
}

/** The local synth document. */
export type LocalDocument = ReturnType<typeof describeLocal>;
