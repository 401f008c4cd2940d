import type * as apigateway from '@pulumi/gcp/apigateway';
import type * as cloudfunctionsv2 from '@pulumi/gcp/cloudfunctionsv2';
import type * as cloudscheduler from '@pulumi/gcp/cloudscheduler';
import type * as firestore from '@pulumi/gcp/firestore';
import type * as pubsub from '@pulumi/gcp/pubsub';
import type * as secretmanager from '@pulumi/gcp/secretmanager';
import type * as serviceaccount from '@pulumi/gcp/serviceaccount';
import type * as storage from '@pulumi/gcp/storage';
import type * as pulumi from '@pulumi/pulumi';
import type { ObjectEventSubscription, TopicSubscription } from 'anycloud';
import type { NeutralComponent } from '../shared/pulumi-component';
import type { Transforms } from '../shared/transforms';

/**
 * A push subscription delivering a topic's messages to a function, with its dead-letter topic
 * and the pull subscription that keeps the dead letters (a dead-letter topic without a
 * subscription loses them).
 */
export interface PushDelivery {
  readonly subscription: pubsub.Subscription;
  readonly deadLetterTopic: pubsub.Topic;
  readonly deadLetters: pubsub.Subscription;
  /** The Pub/Sub service agent's roles: publish dead letters, acknowledge what it forwards. */
  readonly agentRoles: readonly pulumi.CustomResource[];
}

/** The native resources anycloud declares for each neutral kind on GCP. */
export interface GcpNatives {
  table: {
    readonly component: NeutralComponent;
    /** The table's collection in the app's Firestore database. */
    readonly collection: string;
    /** The TTL policy on the items' expiry field, when the table has a TTL attribute. */
    readonly ttlPolicy?: firestore.Field;
    /** The items' JSON field, exempt from single-field indexing (it is read, never queried). */
    readonly dataIndexExemption: firestore.Field;
  };
  bucket: {
    readonly component: NeutralComponent;
    readonly bucket: storage.Bucket;
    readonly notifications: {
      readonly subscription: ObjectEventSubscription;
      readonly topic: pubsub.Topic;
      readonly notification: storage.Notification;
      /** Set once the target function exists (connect phase). */
      delivery?: PushDelivery;
    }[];
  };
  queue: {
    readonly component: NeutralComponent;
    readonly topic: pubsub.Topic;
    /** The consumer's push subscription, once connected. */
    delivery?: PushDelivery;
  };
  topic: {
    readonly component: NeutralComponent;
    readonly topic: pubsub.Topic;
    readonly subscribers: { readonly subscription: TopicSubscription; delivery?: PushDelivery }[];
  };
  secret: {
    readonly component: NeutralComponent;
    readonly secret: secretmanager.Secret;
    /** The version holding the configured value (none when no function is granted the secret). */
    readonly version?: secretmanager.SecretVersion;
  };
  function: {
    readonly component: NeutralComponent;
    readonly serviceAccount: serviceaccount.Account;
    readonly source: storage.BucketObject;
    readonly function: cloudfunctionsv2.Function;
    /** The URI of the function's Cloud Run service: API Gateway's backend, Pub/Sub's push endpoint and their token audience. */
    readonly uri: pulumi.Output<string>;
    /** The function's own schedule topic (Cloud Scheduler publishes firings there), with its push delivery. */
    readonly scheduleTopic?: pubsub.Topic;
    scheduleDelivery?: PushDelivery;
    /** The Cloud Scheduler service agent's publisher role on the schedule topic. */
    readonly schedulePublisher?: pulumi.CustomResource;
    /** IAM members of the function's service account, one per grant (and role). */
    readonly iamMembers: pulumi.CustomResource[];
    /** The invoker service account's `roles/run.invoker` on the function's service. */
    readonly invoker?: pulumi.CustomResource;
  };
  'http-api': {
    readonly component: NeutralComponent;
    readonly api: apigateway.Api;
    readonly config: apigateway.ApiConfig;
    readonly gateway: apigateway.Gateway;
    /** The OpenAPI 2.0 document of the config (JSON). */
    readonly openapi: pulumi.Output<string>;
    /** `https://<gateway default hostname>`. */
    readonly url: pulumi.Output<string>;
  };
  schedule: {
    readonly component: NeutralComponent;
    readonly job: cloudscheduler.Job;
  };
}

/** The arguments of the main native resource of each kind, as transforms see them. */
export interface GcpNativeArgs {
  table: firestore.FieldArgs;
  bucket: storage.BucketArgs;
  queue: pubsub.TopicArgs;
  topic: pubsub.TopicArgs;
  secret: secretmanager.SecretArgs;
  function: cloudfunctionsv2.FunctionArgs;
  'http-api': apigateway.ApiConfigArgs;
  schedule: cloudscheduler.JobArgs;
}

/** Per-kind transforms of the GCP native arguments. */
export type GcpTransforms = Transforms<GcpNativeArgs>;
