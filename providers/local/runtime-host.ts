import type { Function, GrantableKind } from 'anycloud';
import type { ClientFactory, ResourceBinding, RuntimeHost } from 'anycloud/runtime/host';
import { LOCAL_BUILDERS } from './builders';
import type { LocalBuildContext, LocalGrant, LocalGrantParts } from './context';

/**
 * The runtime host of a function on the local target: its grants as bindings (each answered by
 * the builder of the granted kind), and clients on the local stores. Without a grant there is
 * no binding, and the neutral runtime fails with the grant to add, as on the clouds.
 */
export function localRuntimeHost(fn: Function, ctx: LocalBuildContext): RuntimeHost {
  const bindings: Record<string, ResourceBinding> = {};
  const clients = new Map<string, LocalGrant<GrantableKind>>();
  for (const { resource, access } of fn.grants) {
    const grant = (LOCAL_BUILDERS[resource.kind] as LocalGrantParts[GrantableKind]).grant(
      resource as never,
      access as never,
      ctx,
    ) as LocalGrant<GrantableKind>;
    bindings[resource.node.id] = grant.binding;
    clients.set(resource.node.id, grant);
  }
  const factory = ((_binding: ResourceBinding, id: string) =>
    clients.get(id)!.client()) as ClientFactory<never>;
  return {
    functionPath: fn.node.path,
    bindings,
    factories: { table: factory, bucket: factory, queue: factory, topic: factory, secret: factory },
  };
}
