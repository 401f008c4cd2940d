import type * as apimanagement from '@pulumi/azure-native/apimanagement';
import type * as authorization from '@pulumi/azure-native/authorization';
import type * as eventgrid from '@pulumi/azure-native/eventgrid';
import type * as keyvault from '@pulumi/azure-native/keyvault';
import type * as managedidentity from '@pulumi/azure-native/managedidentity';
import type * as resources from '@pulumi/azure-native/resources';
import type * as storage from '@pulumi/azure-native/storage';
import type * as web from '@pulumi/azure-native/web';
import type { Function, ObjectEventSubscription, TopicSubscription } from 'anycloud';
import type { NeutralComponent } from '../shared/pulumi-component';
import type { Transforms } from '../shared/transforms';
import type { AzureTimer } from './runtime/app-settings';

/** A storage queue a function consumes, and the poison queue its failed messages end in. */
export interface ConsumedStorageQueue {
  readonly queue: storage.Queue;
  /** `<queue>-poison`: where the Functions host (or the shim) moves a message after its last retry. */
  readonly poisonQueue: storage.Queue;
  /** The storage queue's name. */
  readonly queueName: string;
}

/** The native resources declared for each neutral kind on Azure (what `nativeOf` returns). */
export interface AzureNatives {
  table: {
    readonly component: NeutralComponent;
    readonly table: storage.Table;
  };
  bucket: {
    readonly component: NeutralComponent;
    readonly container: storage.BlobContainer;
    /** One storage queue per object-event subscription, fed by an Event Grid system topic subscription. */
    readonly notifications: (ConsumedStorageQueue & {
      readonly subscription: ObjectEventSubscription;
      readonly eventSubscription: eventgrid.SystemTopicEventSubscription;
      readonly delivery: authorization.RoleAssignment;
    })[];
  };
  queue: { readonly component: NeutralComponent } & ConsumedStorageQueue;
  topic: {
    readonly component: NeutralComponent;
    readonly topic: eventgrid.Topic;
    /** One storage queue per subscriber, fed by an Event Grid event subscription. */
    readonly subscribers: (ConsumedStorageQueue & {
      readonly subscription: TopicSubscription;
      readonly eventSubscription: eventgrid.EventSubscription;
      readonly delivery: authorization.RoleAssignment;
    })[];
  };
  secret: {
    readonly component: NeutralComponent;
    /** The Key Vault secret (declared when the secret has a value, i.e. some function is granted it). */
    readonly secret?: keyvault.Secret;
  };
  function: {
    readonly component: NeutralComponent;
    readonly plan: web.AppServicePlan;
    readonly identity: managedidentity.UserAssignedIdentity;
    /** The deployment container holding `released-package.zip`. */
    readonly container: storage.BlobContainer;
    readonly packageBlob: storage.Blob;
    readonly app: web.WebApp;
    /** The one deploy (`Microsoft.Web/sites/extensions/onedeploy`) that installs the package. */
    readonly deployment: resources.Resource;
    /** The function's own schedule queue (timer firings go through it, for retries and poison). */
    readonly scheduleQueue?: ConsumedStorageQueue;
    /** Role assignments of the function's identity: host storage, consumed queues, grants. */
    readonly roleAssignments: authorization.RoleAssignment[];
  };
  'http-api': {
    readonly component: NeutralComponent;
    readonly service: apimanagement.ApiManagementService;
    readonly api: apimanagement.Api;
    readonly operations: apimanagement.ApiOperation[];
    /** One backend (and host-key named value) per function the API routes to. */
    readonly backends: ReadonlyMap<Function, apimanagement.Backend>;
    /** `https://<service>.azure-api.net`. */
    readonly url: string;
  };
  schedule: {
    readonly component: NeutralComponent;
    /** The timer trigger registered in the target's function app (NCRONTAB in UTC). */
    readonly timer: AzureTimer;
  };
}

/** The arguments of the main native resource of each kind, as transforms see them. */
export interface AzureNativeArgs {
  table: storage.TableArgs;
  bucket: storage.BlobContainerArgs;
  queue: storage.QueueArgs;
  topic: eventgrid.TopicArgs;
  secret: keyvault.SecretArgs;
  function: web.WebAppArgs;
  'http-api': apimanagement.ApiManagementServiceArgs;
  schedule: never;
}

/** Per-kind transforms of the Azure native arguments. */
export type AzureTransforms = Transforms<AzureNativeArgs>;
