import type { App, Resource } from 'anycloud';
import { triggersByFunction, type ConstructNatives } from 'anycloud/adapter';

/** A construct in the picture. */
export interface GraphNode {
  /** The construct's path (unique). */
  readonly id: string;
  readonly kind: string;
  /** The path below the app. */
  readonly label: string;
  /** With a target: the native resources under the construct, `type name` each. */
  readonly natives: readonly string[];
}

/** An arrow: a trigger waking a function, or a function's grant on a resource. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** The route keys, schedule, event filter, or the access level of a grant. */
  readonly label: string;
  readonly relation: 'trigger' | 'grant';
}

/** The app as nodes and edges, in the app's tree order (so the same app gives the same picture). */
export interface AppGraph {
  readonly app: string;
  /** The target whose native resources are listed under each construct, if any. */
  readonly target?: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const short = (app: App, node: Resource) => node.node.path.slice(app.node.path.length + 1);

/**
 * Functions, what wakes them (routes, schedules, object events, queues, topics) and what they are
 * granted, with the access level on each grant; with `natives` (a target's check), the native
 * resources under each construct.
 */
export function appGraph(
  app: App,
  options: { target?: string; natives?: readonly ConstructNatives[] } = {},
): AppGraph {
  const nativeNames = new Map(
    (options.natives ?? []).map((n) => [n.path, n.resources.map((r) => `${r.type} ${r.name}`)]),
  );
  const resources = app.node.findAll().filter((c): c is Resource => 'kind' in c);
  const nodes: GraphNode[] = resources.map((node) => ({
    id: node.node.path,
    kind: node.kind,
    label: short(app, node),
    natives: nativeNames.get(node.node.path) ?? [],
  }));
  const edges: GraphEdge[] = [];
  const triggers = triggersByFunction(app);
  for (const [fn, t] of triggers) {
    const routesByApi = new Map<string, string[]>();
    for (const { api, route } of t.routes) {
      const keys = routesByApi.get(api.node.path) ?? [];
      keys.push(`${route.key.method} ${route.key.path}`);
      routesByApi.set(api.node.path, keys);
    }
    for (const [api, keys] of routesByApi)
      edges.push({ from: api, to: fn.node.path, label: keys.join('\n'), relation: 'trigger' });
    for (const s of t.schedules) {
      const when =
        s.cron !== undefined
          ? `cron ${s.cron}${s.timeZone === 'UTC' ? '' : ` ${s.timeZone}`}`
          : `every ${s.rateSeconds} s`;
      edges.push({ from: s.node.path, to: fn.node.path, label: when, relation: 'trigger' });
    }
    for (const { bucket, subscription: s } of t.objectEvents) {
      const filter = `${s.prefix ?? ''}*${s.suffix ?? ''}`;
      edges.push({
        from: bucket.node.path,
        to: fn.node.path,
        label: `${s.type} ${filter}`,
        relation: 'trigger',
      });
    }
    for (const { queue, subscription: s } of t.queues)
      edges.push({
        from: queue.node.path,
        to: fn.node.path,
        label: `batch ${s.batchSize}, ${s.maxRetries} retries`,
        relation: 'trigger',
      });
    for (const { topic, subscription: s } of t.topics)
      edges.push({
        from: topic.node.path,
        to: fn.node.path,
        label: `${s.maxRetries} retries`,
        relation: 'trigger',
      });
  }
  for (const fn of triggers.keys())
    for (const g of fn.grants)
      edges.push({ from: fn.node.path, to: g.resource.node.path, label: g.access, relation: 'grant' });
  return { app: app.node.path, ...(options.target ? { target: options.target } : {}), nodes, edges };
}
