import type { ReaderWorker } from './reader-worker';
import type * as cloudflare from '@pulumi/cloudflare';
import type * as pulumi from '@pulumi/pulumi';
import type { ObjectEventSubscription, TopicSubscription } from 'anycloud';
import type { Transforms } from '../shared/transforms';
import type { NeutralComponent } from '../shared/pulumi-component';

/** A queue that feeds one consumer Worker, with its dead-letter queue. */
export interface ConsumedQueue {
  readonly queue: cloudflare.Queue;
  readonly deadLetterQueue: cloudflare.Queue;
  /** Set once the consumer function is built. */
  consumer?: cloudflare.QueueConsumer;
}

/** The native resources declared for each neutral kind on Cloudflare. */
export interface CloudflareNatives {
  table: {
    readonly component: NeutralComponent;
    readonly database: cloudflare.D1Database;
    /** The reader Worker read-only grants go through (when a function is granted read only). */
    readonly reader?: {
      readonly script: cloudflare.WorkersScript;
      readonly subdomain: cloudflare.WorkersScriptSubdomain;
    };
  };
  bucket: {
    readonly component: NeutralComponent;
    readonly bucket: cloudflare.R2Bucket;
    /** The reader Worker read-only grants go through (when a function is granted read only). */
    readonly reader?: ReaderWorker;
    /** Per object-event subscription: its queue (→ consumer Worker) and the R2 event notification. */
    readonly notifications: (ConsumedQueue & {
      readonly subscription: ObjectEventSubscription;
      readonly notification: cloudflare.R2BucketEventNotification;
    })[];
  };
  queue: { readonly component: NeutralComponent } & ConsumedQueue;
  topic: {
    readonly component: NeutralComponent;
    /** One queue per subscriber: `publish` sends to each. */
    readonly subscribers: (ConsumedQueue & { readonly subscription: TopicSubscription })[];
  };
  secret: {
    readonly component: NeutralComponent;
    /** The value bound to granted Workers (undefined when no function is granted the secret). */
    readonly value?: pulumi.Output<string>;
  };
  function: {
    readonly component: NeutralComponent;
    readonly script: cloudflare.WorkersScript;
    /** workers.dev kept off: a function Worker is reached only through its triggers. */
    readonly subdomain: cloudflare.WorkersScriptSubdomain;
    cronTrigger?: cloudflare.WorkersCronTrigger;
    /** The queue (with dead letters) cron firings go through, when the function has schedules. */
    readonly scheduleQueue?: ConsumedQueue;
  };
  'http-api': {
    readonly component: NeutralComponent;
    readonly gateway: cloudflare.WorkersScript;
    readonly subdomain: cloudflare.WorkersScriptSubdomain;
    readonly customDomain?: cloudflare.WorkersCustomDomain;
    /** The API's URL, when known (custom domain, or `workersSubdomain` given). */
    readonly url?: string;
  };
  schedule: {
    readonly component: NeutralComponent;
    /** The Cloudflare cron the schedule became (the trigger is on the target function's script). */
    readonly cron: string;
  };
}

/**
 * Arguments of the main native resource of each kind, as transforms see them. Secrets and
 * schedules have none of their own (a secret is a binding; a schedule is a cron on its target's
 * script): use Pulumi's own `transformations` in `componentOptions` for those.
 */
export interface CloudflareNativeArgs {
  table: cloudflare.D1DatabaseArgs;
  bucket: cloudflare.R2BucketArgs;
  queue: cloudflare.QueueArgs;
  topic: cloudflare.QueueArgs;
  secret: never;
  function: cloudflare.WorkersScriptArgs;
  'http-api': cloudflare.WorkersScriptArgs;
  schedule: never;
}

/** Per-kind transforms of native arguments; `node` is the neutral construct. */
export type CloudflareTransforms = Transforms<CloudflareNativeArgs>;
