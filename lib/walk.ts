import type { App } from './app';
import type { Kind, KindMap } from './kind';
import { Resource } from './resource';

/** Every neutral construct of `app` of the given kind, in tree order (deterministic). */
export function resourcesOf<K extends Kind>(app: App, kind: K): KindMap[K][] {
  return app.node.findAll().filter((c): c is KindMap[K] => Resource.isResource(c) && c.kind === kind);
}
