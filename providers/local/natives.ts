import type {
  Function,
  HttpApi,
  ObjectEventSubscription,
  QueueSubscription,
  Schedule,
  Secret,
  TopicSubscription,
} from 'anycloud';
import type { BucketStore } from './bucket-store';
import type { Channel } from './channel';
import type { TableStore } from './table-store';

/** A store or channel opened on first use (the plan of `anycloud synth` never opens one). */
export type Opened<T> = () => T;

/** A channel delivering to one function, and where its state lives. */
export interface LocalChannel {
  /** Path of its state file, relative to the state folder. */
  readonly file: string;
  readonly channel: Opened<Channel>;
}

/** What the local target made for each neutral kind: files, folders and channels under the state folder. */
export interface LocalNatives {
  table: { readonly file: string; readonly store: Opened<TableStore> };
  bucket: {
    readonly folder: string;
    readonly store: Opened<BucketStore>;
    /** One channel per object-event subscription. */
    readonly events: readonly (LocalChannel & { readonly subscription: ObjectEventSubscription })[];
  };
  queue: LocalChannel & { readonly subscription?: QueueSubscription };
  topic: { readonly subscribers: readonly (LocalChannel & { readonly subscription: TopicSubscription })[] };
  secret: {
    readonly secret: Secret;
    /** Where its value is read from: an environment variable, then `.anycloud/secrets.json`. */
    readonly env: string;
  };
  function: { readonly fn: Function };
  'http-api': { readonly api: HttpApi };
  schedule: { readonly schedule: Schedule };
}

/** The local target has no native props to transform. */
export type LocalNativeProps = { readonly [K in keyof LocalNatives]: never };
