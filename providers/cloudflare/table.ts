import * as cloudflare from '@pulumi/cloudflare';
import { childOf } from '../shared/pulumi-component';
import type { CloudflareBuilder } from './context';
import { cloudflareName } from './naming';

/**
 * Table → one D1 database. The schema (one `items` table keyed by partition and sort key) is
 * created by the runtime client on first use with `CREATE TABLE IF NOT EXISTS`: Pulumi's
 * Cloudflare provider has no D1 migration resource, and creating it from the Worker needs no
 * API token at deploy time and behaves the same in Miniflare as on Cloudflare.
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
};
