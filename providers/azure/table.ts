import * as storage from '@pulumi/azure-native/storage';
import { childOf } from '../shared/pulumi-component';
import { runtimeClientModule } from '../shared/runtime-client-module';
import type { AzureBuilder } from './context';
import { azureName } from './naming';

/**
 * Table → one table in the app's data account (Table Storage). The runtime client stores each
 * item as JSON under an order-preserving encoding of its keys, with a mirror row per item for
 * descending queries (written in the same entity group transaction), and hides items past their
 * TTL on every read. A read grant → Storage Table Data Reader, a read-write grant → Storage
 * Table Data Contributor, each scoped to this table only.
 */
export const tableBuilder: AzureBuilder<'table'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    if (node.timeToLiveAttribute !== undefined)
      ctx.degrade(
        node,
        'azure.table.ttl-hidden-not-deleted',
        `Table Storage has no TTL: items past "${node.timeToLiveAttribute}" are hidden from every read but stay stored (and billed) until deleted`,
      );
    const account = ctx.shared.dataAccount!;
    const args = ctx.transform(
      'table',
      {
        accountName: account.name,
        resourceGroupName: ctx.shared.resourceGroupName,
        tableName: azureName(node, 'table'),
      },
      node,
    );
    const table = new storage.Table(
      `${node.node.path}/table`,
      args,
      childOf(component, { dependsOn: [account.account] }),
    );
    ctx.register(node, { component, table });
    component.complete({ tableName: table.name });
  },

  grant(node, access, ctx) {
    const { table } = ctx.nativeOf(node);
    return {
      roles: [
        {
          role: access === 'read' ? 'storageTableDataReader' : 'storageTableDataContributor',
          scope: table.id,
          scopeKey: `${node.node.path}/table`,
        },
      ],
      binding: {
        kind: 'table',
        access,
        name: azureName(node, 'table'),
        endpoint: ctx.shared.dataAccount!.tableEndpoint,
        partitionKey: node.partitionKey,
        ...(node.sortKey ? { sortKey: node.sortKey } : {}),
        ...(node.timeToLiveAttribute ? { timeToLiveAttribute: node.timeToLiveAttribute } : {}),
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'table-storage-client', 'tableStorageClient'),
};
