import * as firestore from '@pulumi/gcp/firestore';
import { runtimeClientModule } from '../shared/runtime-client-module';
import type { GcpBuilder } from './context';
import { GCP_ROLES } from './iam';
import { gcpName } from './naming';
import { DATA_FIELD, itemsCollectionGroup, TTL_FIELD } from './runtime/firestore-table-client';

/**
 * Table → a collection of the app's Firestore database (native mode), laid out so every query
 * reads one collection by one field (single-field indexes, which Firestore keeps in both
 * directions: no composite index to declare or wait for). A table with a TTL attribute gets a
 * TTL policy on its items' expiry timestamp (Firestore deletes within about a day, so reads hide
 * expired items too); the items' JSON field is exempt from indexing. Firestore has no per-collection IAM: a read grant → `roles/datastore.viewer`,
 * readwrite → `roles/datastore.user`, on the project with a condition naming the app's
 * database, which also opens the app's other tables to the function (a widening the build reports).
 */
export const tableBuilder: GcpBuilder<'table'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    const collection = gcpName(node, 'collection');
    const database = ctx.shared.database!;
    const ttlPolicy = node.timeToLiveAttribute
      ? new firestore.Field(
          `${node.node.path}/ttl`,
          ctx.transform(
            'table',
            {
              project: ctx.settings.project,
              database: database.name,
              collection: itemsCollectionGroup(collection),
              field: TTL_FIELD,
              ttlConfig: {},
              // The expiry is never queried: no single-field index for it.
              indexConfig: {},
            },
            node,
          ),
          ctx.optionsOf(node, [database.database]),
        )
      : undefined;
    // The item's JSON is read, never queried: no single-field index for it (it would cost writes and storage).
    const dataIndexExemption = new firestore.Field(
      `${node.node.path}/data-index-exemption`,
      {
        project: ctx.settings.project,
        database: database.name,
        collection: itemsCollectionGroup(collection),
        field: DATA_FIELD,
        indexConfig: {},
      },
      ctx.optionsOf(node, [database.database]),
    );
    ctx.register(node, { component, collection, ttlPolicy, dataIndexExemption });
    component.complete({ collection });
  },

  grant(node, access, ctx) {
    ctx.degrade(
      node,
      'gcp.table.grant-widened',
      `Firestore has no per-collection IAM: a ${access} grant on this table is a role on the app's database (with an IAM condition), so the function can reach every table of the app`,
    );
    const database = ctx.shared.database!.name;
    return {
      iam: [
        {
          role: access === 'read' ? GCP_ROLES.datastoreViewer : GCP_ROLES.datastoreUser,
          scope: { kind: 'database', database },
          scopeKey: `firestore/${database}`,
        },
      ],
      binding: {
        kind: 'table',
        access,
        name: ctx.nativeOf(node).collection,
        database,
        projectId: ctx.settings.project,
        partitionKey: node.partitionKey,
        ...(node.sortKey ? { sortKey: node.sortKey } : {}),
        ...(node.timeToLiveAttribute ? { timeToLiveAttribute: node.timeToLiveAttribute } : {}),
      },
    };
  },

  runtimeClient: runtimeClientModule(__dirname, 'firestore-table-client', 'firestoreTableClient'),
};
