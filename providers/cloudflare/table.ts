import * as cloudflare from '@pulumi/cloudflare';
import { childOf } from '../shared/pulumi-component';
import type { CloudflareBuilder } from './context';
import { bindingName, cloudflareName } from './naming';
import { runtimeClientModule } from '../shared/runtime-client-module';

/**
 * Table → one D1 database. The schema (one `items` table keyed by partition and sort key) is
 * created by the runtime client on first use with `CREATE TABLE IF NOT EXISTS`: Pulumi's
 * Cloudflare provider has no D1 migration resource, and creating it from the Worker needs no
 * API token at deploy time and behaves the same in Miniflare as on Cloudflare. A grant → a `d1`
 * binding on the Worker.
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
    ctx.register(node, { component, database });
    component.complete({ databaseId: database.uuid, databaseName: database.name });
  },
  grant(node, access, ctx) {
    const name = bindingName('table', node.node.id);
    return {
      workerBindings: [{ type: 'd1', name, id: ctx.nativeOf(node).database.uuid }],
      binding: {
        kind: 'table',
        access,
        name: cloudflareName(node, 'd1'),
        workerBinding: name,
        partitionKey: node.partitionKey,
        ...(node.sortKey ? { sortKey: node.sortKey } : {}),
        ...(node.timeToLiveAttribute ? { timeToLiveAttribute: node.timeToLiveAttribute } : {}),
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'd1-table-client', 'd1TableClient'),
};
