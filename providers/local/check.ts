import type { App, Resource } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { nativesByConstruct, type NativeResource, type TargetCheck } from '../shared/target-check';
import { systemClock } from './clock';
import { planLocal } from './plan';
import { LocalSecrets } from './secrets';

/**
 * `anycloud check` on the local target: what `anycloud dev` will serve, store and deliver for
 * each construct (state files, channels, routes, scheduler jobs), from the plan (nothing opened).
 */
export function checkLocal(app: App, projectDir: string = process.cwd()): TargetCheck {
  const stateDir = `.anycloud/local/${app.name}`;
  const { natives, degradations } = planLocal(app, {
    stateDir,
    clock: systemClock,
    secrets: new LocalSecrets(projectDir),
  });
  const made: [Resource, NativeResource][] = [];
  const add = (node: Resource, type: string, name: string) =>
    made.push([node, { type: `local:${type}`, name: name.split('\\').join('/') }]);
  for (const t of resourcesOf(app, 'table')) add(t, 'sqlite-table', natives.nativeOf(t).file);
  for (const b of resourcesOf(app, 'bucket')) {
    add(b, 'folder', natives.nativeOf(b).folder);
    for (const e of natives.nativeOf(b).events) add(b, 'channel', e.file);
  }
  for (const q of resourcesOf(app, 'queue')) add(q, 'channel', natives.nativeOf(q).file);
  for (const t of resourcesOf(app, 'topic'))
    for (const s of natives.nativeOf(t).subscribers) add(t, 'channel', s.file);
  for (const s of resourcesOf(app, 'secret')) add(s, 'secret-source', natives.nativeOf(s).env);
  for (const f of resourcesOf(app, 'function')) add(f, 'function', `${f.node.path}#${f.handler}`);
  for (const a of resourcesOf(app, 'http-api'))
    for (const r of natives.nativeOf(a).api.routes) add(a, 'route', `${r.key.method} ${r.key.path}`);
  for (const s of resourcesOf(app, 'schedule')) add(s, 'scheduler-job', s.node.path);
  return {
    natives: nativesByConstruct(
      app,
      made,
      ([, native]) => native,
      ([node]) => node.node.path,
    ),
    degradations,
  };
}
