import * as firestore from '@pulumi/gcp/firestore';
import * as organizations from '@pulumi/gcp/organizations';
import * as projects from '@pulumi/gcp/projects';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as storage from '@pulumi/gcp/storage';
import * as pulumi from '@pulumi/pulumi';
import type { App } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { appBucketName, databaseId, serviceAccountId } from './naming';
import type { GcpSettings } from './settings';

/** Resources the whole app shares on GCP, declared once before the builders run. */
export interface AppResources {
  /** Parent of the shared resources (`anycloud:gcp:AppResources`). */
  readonly component: pulumi.ComponentResource;
  /** One `projects.Service` per API the app uses; every native resource depends on them. */
  readonly apis: readonly projects.Service[];
  /** The private bucket holding function sources (uniform access, public access prevented). */
  readonly sourceBucket?: storage.Bucket;
  /**
   * The one account allowed to invoke the functions (`roles/run.invoker` on each): API Gateway
   * calls backends as it, Pub/Sub push and Cloud Scheduler sign their OIDC tokens as it.
   */
  readonly invoker?: serviceaccount.Account;
  /** The app's Firestore database (native mode), when it has tables. */
  readonly database?: { readonly database: firestore.Database; readonly name: string };
  /** The project number (the Pub/Sub and Cloud Scheduler service agents are named after it). */
  readonly projectNumber: pulumi.Output<string>;
  /** The Cloud Storage service agent (publishes object notifications), when a bucket has events. */
  readonly storageAgent?: pulumi.Output<string>;
}

/** The component that parents the resources the app shares. */
class AppResourcesComponent extends pulumi.ComponentResource {
  constructor(app: App, opts?: pulumi.ComponentResourceOptions) {
    super('anycloud:gcp:AppResources', `${app.node.path}/gcp`, {}, opts);
  }
}

/** The APIs an app needs, from what it declares (sorted, so the program is the same every run). */
export function requiredApis(app: App): string[] {
  const has = (
    kind: 'function' | 'table' | 'bucket' | 'queue' | 'topic' | 'schedule' | 'secret' | 'http-api',
  ) => resourcesOf(app, kind).length > 0;
  const apis = new Set<string>(['iam.googleapis.com', 'storage.googleapis.com']);
  if (has('function'))
    for (const api of ['cloudfunctions', 'run', 'cloudbuild', 'artifactregistry'])
      apis.add(`${api}.googleapis.com`);
  if (
    has('queue') ||
    has('topic') ||
    has('schedule') ||
    resourcesOf(app, 'bucket').some((b) => b.subscriptions.length)
  )
    apis.add('pubsub.googleapis.com');
  if (has('schedule')) apis.add('cloudscheduler.googleapis.com');
  if (has('table')) apis.add('firestore.googleapis.com');
  if (has('secret')) apis.add('secretmanager.googleapis.com');
  if (has('http-api'))
    for (const api of ['apigateway', 'servicemanagement', 'servicecontrol'])
      apis.add(`${api}.googleapis.com`);
  return [...apis].sort();
}

/**
 * Declares the resources the whole app shares: the APIs it uses (left enabled on destroy), the
 * function source bucket, the invoker service account and the Firestore database, each only
 * when the app needs it.
 */
export function declareAppResources(
  app: App,
  settings: GcpSettings,
  componentOptions?: pulumi.ComponentResourceOptions,
): AppResources {
  const component = new AppResourcesComponent(app, componentOptions);
  const path = `${app.node.path}/gcp`;
  const project = settings.project;
  const apis = requiredApis(app).map(
    (service) =>
      new projects.Service(
        `${path}/api-${service.split('.')[0]}`,
        { project, service, disableOnDestroy: false, disableDependentServices: false },
        { parent: component },
      ),
  );
  const opts = { parent: component, dependsOn: apis };
  const hasFunctions = resourcesOf(app, 'function').length > 0;
  const sourceBucket = hasFunctions
    ? new storage.Bucket(
        `${path}/sources`,
        {
          project,
          name: appBucketName(app, 'sources'),
          location: settings.region,
          uniformBucketLevelAccess: true,
          publicAccessPrevention: 'enforced',
          // Only anycloud's own packages live here.
          forceDestroy: true,
        },
        opts,
      )
    : undefined;
  const invoker = hasFunctions
    ? new serviceaccount.Account(
        `${path}/invoker`,
        {
          project,
          accountId: serviceAccountId(app, 'invoker', 'invoker'),
          displayName: `anycloud ${app.name}/${app.stage}: invokes the functions`,
        },
        opts,
      )
    : undefined;
  const name = databaseId(app);
  const database =
    resourcesOf(app, 'table').length > 0
      ? {
          name,
          database: new firestore.Database(
            `${path}/firestore`,
            {
              project,
              name,
              locationId: settings.firestoreLocation,
              type: 'FIRESTORE_NATIVE',
              concurrencyMode: 'OPTIMISTIC',
              pointInTimeRecoveryEnablement: 'POINT_IN_TIME_RECOVERY_ENABLED',
              deleteProtectionState: 'DELETE_PROTECTION_ENABLED',
              // `pulumi destroy` keeps the data (as the AWS target retains its tables).
              deletionPolicy: 'ABANDON',
            },
            opts,
          ),
        }
      : undefined;
  const projectNumber = organizations
    .getProjectOutput({ projectId: project }, { parent: component })
    .apply((p) => String(p.number));
  const storageAgent = resourcesOf(app, 'bucket').some((b) => b.subscriptions.length > 0)
    ? storage.getProjectServiceAccountOutput({ project }, { parent: component }).apply((a) => a.emailAddress)
    : undefined;
  return { component, apis, sourceBucket, invoker, database, projectNumber, storageAgent };
}
