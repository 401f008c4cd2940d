import type { AccessByKind, Function, GrantableKind, Kind, KindMap, Resource } from 'anycloud';
import type { ClientByKind, ResourceBinding } from 'anycloud/runtime/host';
import type { KernelContext } from '../shared/build-context';
import type { KindBuilders } from '../shared/kind-builders';
import type { Channel } from './channel';
import type { Clock } from './clock';
import type { LocalChannel, LocalNativeProps, LocalNatives } from './natives';
import type { LocalSecrets } from './secrets';

/** Something that delivers a channel's messages to a function. */
export interface Consumer {
  readonly channel: Channel;
  readonly fn: Function;
  readonly batchSize: number;
  readonly kind: 'queue' | 'topic' | 'object';
  readonly sourceId: string;
  busy: boolean;
}

/** A consumer as the builders plan it: its channel is opened when the app starts. */
export type ConsumerPlan = Omit<Consumer, 'busy' | 'channel'> & { readonly channel: LocalChannel };

/** What a local builder gets: the kernel's lookups, the state folder, the clock, and how to open stores. */
export interface LocalBuildContext extends KernelContext<LocalNatives, LocalNativeProps> {
  readonly stateDir: string;
  readonly clock: Clock;
  /** Keeps `resource` to be closed when the local app stops (open databases, files). */
  track<T extends { close(): void }>(resource: T): T;
  readonly secrets: LocalSecrets;
  /** A persisted channel for deliveries to `fn` (visibility timeout: six times its timeout), opened on first use. */
  channel(name: string, fn: Function | undefined, maxRetries: number): LocalChannel;
  /** Registers a consumer: delivery hands it batches of its channel's messages. */
  consume(consumer: ConsumerPlan): void;
  /** The current time as ISO 8601 UTC, on the target's clock. */
  isoNow(): string;
}

/** What one grant becomes locally: the binding, and the in-process client it reaches. */
export interface LocalGrant<K extends GrantableKind> {
  readonly binding: ResourceBinding;
  client(): ClientByKind[K];
}

/** The local part of a grantable kind's builder. */
export type LocalGrantParts = {
  readonly [K in GrantableKind]: {
    /** The binding `access` to `node` gives, and its client on the local store. */
    grant(node: KindMap[K], access: AccessByKind[K], ctx: LocalBuildContext): LocalGrant<K>;
  };
};

/** One builder per neutral kind: a new kind (or grantable kind) does not compile until the local target handles it. */
export type LocalBuilders = KindBuilders<LocalBuildContext, LocalGrantParts>;

/** The local builder of one kind. */
export type LocalBuilder<K extends Kind> = LocalBuilders[K];

/**
 * The file name of a construct's state: its path below the app, segments joined with `~`
 * (so `Orders` under the app is `Orders`, and `Orders` under `Billing` is `Billing~Orders`:
 * two resources with one id never share a file).
 */
export function stateName(node: Resource): string {
  return node.node.scopes
    .slice(1)
    .map((scope) => encodeURIComponent(scope.node.id))
    .join('~');
}
