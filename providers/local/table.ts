import { join } from 'node:path';
import { stateName, type LocalBuilder } from './context';
import { openOnce } from './open-once';
import { tableBinding, TableStore } from './table-store';

/**
 * Table → an embedded SQLite database file `tables/<name>.sqlite` (the same SQL as D1),
 * written in place through SQLite's journal. A grant → a binding with the key schema, and the
 * store's client (the access level is enforced by the neutral runtime, as on every target).
 */
export const tableBuilder: LocalBuilder<'table'> = {
  create(node, ctx) {
    const file = join('tables', `${stateName(node)}.sqlite`);
    ctx.register(node, {
      file,
      store: openOnce(() => ctx.track(new TableStore(node, join(ctx.stateDir, file), ctx.clock))),
    });
  },

  grant(node, access, ctx) {
    return { binding: tableBinding(node, access), client: () => ctx.nativeOf(node).store().client() };
  },
};
