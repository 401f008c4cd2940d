import * as cloudflare from '@pulumi/cloudflare';
import type { Table } from 'anycloud';
import { childOf } from '../shared/pulumi-component';
import type { CloudflareBuilder } from './context';
import { declareReader, grantedBinding, hasReadOnlyGrant } from './reader-worker';
import { bindingName, cloudflareName } from './naming';
import { runtimeClientModule } from '../shared/runtime-client-module';
import { READER_ENTRYPOINT, READER_ENV } from './runtime/worker-env';

/** The key schema every client of `node` needs, as its binding carries it. */
function keySchema(node: Table) {
  return {
    partitionKey: node.partitionKey,
    ...(node.sortKey ? { sortKey: node.sortKey } : {}),
    ...(node.timeToLiveAttribute ? { timeToLiveAttribute: node.timeToLiveAttribute } : {}),
  };
}

/** The reader Worker's bindings: the D1 database and the table's key schema. */
function readerBindings(node: Table, database: cloudflare.D1Database) {
  const table = { kind: 'table', access: 'read', name: cloudflareName(node, 'd1'), ...keySchema(node) };
  return [
    { type: 'd1', name: READER_ENV.database, id: database.uuid },
    { type: 'plain_text', name: READER_ENV.table, text: JSON.stringify(table) },
  ];
}

/**
 * Table → one D1 database. The schema (one `items` table keyed by partition and sort key) is
 * created by the runtime client on first use with `CREATE TABLE IF NOT EXISTS`: Pulumi's
 * Cloudflare provider has no D1 migration resource, and creating it from the Worker needs no
 * API token at deploy time and behaves the same in Miniflare as on Cloudflare.
 * A read-write grant → a `d1` binding on the Worker. A read-only grant → no D1 binding (D1
 * bindings cannot be read-only) but a service binding to the table's reader Worker, whose RPC
 * entrypoint has reads only: the platform, not the client wrapper, keeps the function from writing.
 */
export const tableBuilder: CloudflareBuilder<'table'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const args = ctx.transform(
      'table',
      { accountId: ctx.settings.accountId, name: cloudflareName(node, 'd1') },
      node,
    );
    const database = new cloudflare.D1Database(`${node.node.path}/database`, args, childOf(component));
    const reader = hasReadOnlyGrant(node, ctx)
      ? declareReader(node, component, readerBindings(node, database), ctx)
      : undefined;
    ctx.register(node, { component, database, ...(reader ? { reader } : {}) });
    component.complete({ databaseId: database.uuid, databaseName: database.name });
  },
  grant(node, access, ctx) {
    const name = bindingName('table', node.node.id);
    const { database, reader } = ctx.nativeOf(node);
    const granted = grantedBinding(name, access, reader, READER_ENTRYPOINT.table, {
      type: 'd1',
      id: database.uuid,
    });
    return {
      workerBindings: [granted.workerBinding],
      binding: {
        kind: 'table',
        access,
        name: cloudflareName(node, 'd1'),
        workerBinding: name,
        ...granted.readerFlag,
        ...keySchema(node),
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'd1-table-client', 'd1TableClient'),
};
