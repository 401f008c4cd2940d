import type { Construct } from 'constructs';
import type { Function } from './function';
import { grantAccess, Resource } from './resource';

/** Which object change an event reports. */
export type ObjectEventType = 'created' | 'removed';

/** Filters of an object event subscription. */
export interface ObjectEventOptions {
  /** Only objects whose key starts with this. */
  readonly prefix?: string;
  /** Only objects whose key ends with this. */
  readonly suffix?: string;
}

/** One object event subscription of a bucket. */
export interface ObjectEventSubscription {
  readonly type: ObjectEventType;
  readonly target: Function;
  readonly prefix?: string;
  readonly suffix?: string;
}

/** Properties of a {@link Bucket}. */
export type BucketProps = Record<string, never>;

/**
 * Private object storage: never public, TLS only, encrypted at rest.
 * Objects created or removed can wake functions.
 */
export class Bucket extends Resource {
  readonly kind = 'bucket' as const;
  private readonly subscriptionList: ObjectEventSubscription[] = [];

  constructor(scope: Construct, id: string, props: BucketProps = {}) {
    super(scope, id);
    this.propsObject<BucketProps>(props, 'an object');
  }

  /** The object event subscriptions, in the order they were added. */
  get subscriptions(): readonly ObjectEventSubscription[] {
    return [...this.subscriptionList];
  }

  /** Runs `fn` (an `objectEvent()` handler) after an object is written. */
  onObjectCreated(fn: Function, options: ObjectEventOptions = {}): void {
    this.subscribe('created', fn, options);
  }

  /** Runs `fn` (an `objectEvent()` handler) after an object is deleted. */
  onObjectRemoved(fn: Function, options: ObjectEventOptions = {}): void {
    this.subscribe('removed', fn, options);
  }

  /** Lets `fn` get and list objects. */
  grantRead(fn: Function): void {
    grantAccess(this, fn, 'read', 'grantRead');
  }

  /** Lets `fn` put and delete objects. */
  grantWrite(fn: Function): void {
    grantAccess(this, fn, 'write', 'grantWrite');
  }

  /** Lets `fn` get, list, put and delete objects. */
  grantReadWrite(fn: Function): void {
    grantAccess(this, fn, 'readwrite', 'grantReadWrite');
  }

  private subscribe(type: ObjectEventType, fn: Function, options: ObjectEventOptions): void {
    const method = type === 'created' ? 'onObjectCreated' : 'onObjectRemoved';
    const ok = this.checkTarget(`bucket.${method}.target`, fn, `${method}() target`);
    const o: ObjectEventOptions =
      typeof options === 'object' && options !== null && !Array.isArray(options) ? options : {};
    if (o !== options) this.addIssue(`bucket.${method}.options`, options, 'options must be an object');
    for (const filter of ['prefix', 'suffix'] as const) {
      const value = o[filter];
      if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > 1024)) {
        this.addIssue(`bucket.${method}.${filter}`, value, `${filter} must be a string of 1-1024 characters`);
      }
    }
    if (ok) this.subscriptionList.push({ type, target: fn, prefix: o.prefix, suffix: o.suffix });
  }
}
