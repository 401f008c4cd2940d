import type * as cloudflare from '@pulumi/cloudflare';
import type * as pulumi from '@pulumi/pulumi';
import type { Bucket, Function, Grant, Queue, Secret, Table, Topic } from 'anycloud';
import type { ResourceBinding } from 'anycloud/runtime/host';
import type { CloudflareBuildContext } from './context';
import { bindingName, cloudflareName } from './naming';

type WorkerBinding = pulumi.Input<cloudflare.types.input.WorkersScriptBinding>;

/** What one grant becomes on Cloudflare: the Worker bindings, and the runtime binding that names them. */
export interface CloudflareGrant {
  readonly workerBindings: WorkerBinding[];
  readonly binding: ResourceBinding;
}

/**
 * Turns a grant into Worker bindings. A Worker can reach only what it has a binding for, so a
 * function without a grant has no way to the resource; Cloudflare bindings have no read-only
 * form, so the access level (read vs read-write) is enforced by the runtime client.
 */
export function cloudflareGrant(fn: Function, grant: Grant, ctx: CloudflareBuildContext): CloudflareGrant {
  const resource = grant.resource as Table | Bucket | Queue | Topic | Secret;
  const id = resource.node.id;
  const base = { kind: resource.kind, access: grant.access };
  switch (resource.kind) {
    case 'table': {
      const name = bindingName('table', id);
      const { database } = ctx.nativeOf(resource);
      return {
        workerBindings: [{ type: 'd1', name, id: database.uuid }],
        binding: {
          ...base,
          name: cloudflareName(resource, 'd1'),
          workerBinding: name,
          partitionKey: resource.partitionKey,
          ...(resource.sortKey ? { sortKey: resource.sortKey } : {}),
          ...(resource.timeToLiveAttribute ? { timeToLiveAttribute: resource.timeToLiveAttribute } : {}),
        },
      };
    }
    case 'bucket': {
      const name = bindingName('bucket', id);
      return {
        workerBindings: [{ type: 'r2_bucket', name, bucketName: ctx.nativeOf(resource).bucket.name }],
        binding: { ...base, name: cloudflareName(resource, 'r2'), workerBinding: name },
      };
    }
    case 'queue': {
      const name = bindingName('queue', id);
      return {
        workerBindings: [{ type: 'queue', name, queueName: ctx.nativeOf(resource).queue.queueName }],
        binding: { ...base, name: cloudflareName(resource, 'queue'), workerBinding: name },
      };
    }
    case 'topic': {
      const names = resource.subscriptions.map((_, i) => bindingName('topic', id, i));
      return {
        workerBindings: ctx.nativeOf(resource).subscribers.map((s, i) => ({
          type: 'queue',
          name: names[i],
          queueName: s.queue.queueName,
        })),
        binding: { ...base, name: id, workerBinding: names },
      };
    }
    case 'secret': {
      const name = bindingName('secret', id);
      return {
        workerBindings: [{ type: 'secret_text', name, text: ctx.nativeOf(resource).value! }],
        binding: { ...base, name: id, workerBinding: name },
      };
    }
  }
}
