import * as cloudflare from '@pulumi/cloudflare';
import type { Table } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { childOf, type NeutralComponent } from '../shared/pulumi-component';
import { MAIN_MODULE } from './bundling';
import type { CloudflareBuildContext, CloudflareBuilder } from './context';
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

/** Arguments of the reader Worker of `node`: its bundle, the D1 binding, the key schema. */
function readerArgs(
  node: Table,
  database: cloudflare.D1Database,
  ctx: CloudflareBuildContext,
): cloudflare.WorkersScriptArgs {
  const table = { kind: 'table', access: 'read', name: cloudflareName(node, 'd1'), ...keySchema(node) };
  return {
    accountId: ctx.settings.accountId,
    scriptName: cloudflareName(node, 'worker', 'reader'),
    content: ctx.scriptContent(ctx.tableReaderBundle),
    mainModule: MAIN_MODULE,
    compatibilityDate: ctx.settings.compatibilityDate,
    compatibilityFlags: [],
    bindings: [
      { type: 'd1', name: READER_ENV.database, id: database.uuid },
      { type: 'plain_text', name: READER_ENV.table, text: JSON.stringify(table) },
    ],
    observability: { enabled: true },
  };
}

/** The reader Worker of `node`, not reachable from the internet (workers.dev off). */
function declareReader(
  node: Table,
  database: cloudflare.D1Database,
  component: NeutralComponent,
  ctx: CloudflareBuildContext,
) {
  const script = new cloudflare.WorkersScript(
    `${node.node.path}/reader`,
    readerArgs(node, database, ctx),
    childOf(component),
  );
  const subdomain = new cloudflare.WorkersScriptSubdomain(
    `${node.node.path}/reader-workers-dev`,
    {
      accountId: ctx.settings.accountId,
      scriptName: script.scriptName,
      enabled: false,
      previewsEnabled: false,
    },
    childOf(component),
  );
  return { script, subdomain };
}

/** True when some function of the app is granted `node` read-only. */
function hasReadOnlyGrant(node: Table, ctx: CloudflareBuildContext): boolean {
  return resourcesOf(ctx.app, 'function').some((fn) =>
    fn.grants.some((g) => g.resource === node && g.access === 'read'),
  );
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
    const reader = hasReadOnlyGrant(node, ctx) ? declareReader(node, database, component, ctx) : undefined;
    ctx.register(node, { component, database, ...(reader ? { reader } : {}) });
    component.complete({ databaseId: database.uuid, databaseName: database.name });
  },
  grant(node, access, ctx) {
    const name = bindingName('table', node.node.id);
    const { database, reader } = ctx.nativeOf(node);
    const readOnly = access === 'read' && reader;
    return {
      workerBindings: readOnly
        ? [{ type: 'service', name, service: reader.script.scriptName, entrypoint: READER_ENTRYPOINT }]
        : [{ type: 'd1', name, id: database.uuid }],
      binding: {
        kind: 'table',
        access,
        name: cloudflareName(node, 'd1'),
        workerBinding: name,
        ...(readOnly ? { reader: true } : {}),
        ...keySchema(node),
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'd1-table-client', 'd1TableClient'),
};
