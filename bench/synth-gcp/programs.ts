import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as apigateway from '@pulumi/gcp/apigateway';
import * as cloudfunctionsv2 from '@pulumi/gcp/cloudfunctionsv2';
import * as cloudrunv2 from '@pulumi/gcp/cloudrunv2';
import * as firestore from '@pulumi/gcp/firestore';
import * as organizations from '@pulumi/gcp/organizations';
import * as projects from '@pulumi/gcp/projects';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as storage from '@pulumi/gcp/storage';
import * as pulumi from '@pulumi/pulumi';
import { buildGcp } from 'anycloud/gcp';
import { benchApp, HANDLER_ENTRY } from '../pulumi-synth/bench-app';

export { HANDLER_ENTRY };

export const PROJECT = 'bench-project';
export const REGION = 'europe-west1';

/** The bench app (N functions, each with a route and a read grant on one table) through anycloud. */
export function anycloudProgram(n: number): void {
  const app = benchApp(n);
  buildGcp(app, { project: PROJECT, region: REGION });
}

/** The APIs the app uses (enabled first: every other resource depends on them). */
const SERVICES = [
  'apigateway',
  'artifactregistry',
  'cloudbuild',
  'cloudfunctions',
  'firestore',
  'iam',
  'run',
  'servicecontrol',
  'servicemanagement',
  'storage',
];

const DATABASE = 'bench-dev-db';
const COLLECTION = 'items';

/** The OpenAPI 2.0 document API Gateway serves: one GET per function, to its URL as the invoker. */
function openApi(urls: readonly string[]): string {
  const paths: Record<string, unknown> = {};
  urls.forEach((url, i) => {
    paths[`/items${i}/{id}`] = {
      get: {
        operationId: `get_items${i}_id`,
        parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
        'x-google-backend': {
          address: url,
          path_translation: 'APPEND_PATH_TO_ADDRESS',
          jwt_audience: url,
          deadline: 10,
        },
        responses: { default: { description: 'The function’s response' } },
      },
    };
  });
  return JSON.stringify({
    swagger: '2.0',
    info: { title: 'bench', version: '1.0.0' },
    schemes: ['https'],
    produces: ['application/json'],
    paths,
  });
}

/**
 * The same resources declared by hand with @pulumi/gcp, the way a careful Pulumi user would: the
 * APIs the app uses (left enabled on destroy), a private source bucket, an invoker service account,
 * a Firestore database (native mode) with the items' JSON field exempt from indexing, and per
 * function a service account with `roles/datastore.viewer` on the database (an IAM condition), the
 * prebuilt package zip as a bucket object named by its hash, the Cloud Function (gen2) and
 * `roles/run.invoker` for the invoker account; one API Gateway API, its config from the OpenAPI
 * document of the function URLs, and a gateway.
 */
export function handWrittenProgram(n: number, packageZipPath: string): void {
  const hash = createHash('sha256').update(readFileSync(packageZipPath)).digest('hex').slice(0, 16);
  const project = PROJECT;
  // The same invoke anycloud makes (its project number names the Pub/Sub and Scheduler agents).
  organizations.getProjectOutput({ projectId: project });
  const services = SERVICES.map(
    (api) =>
      new projects.Service(`api-${api}`, {
        project,
        service: `${api}.googleapis.com`,
        disableOnDestroy: false,
        disableDependentServices: false,
      }),
  );
  const opts = { dependsOn: services };
  const bucket = new storage.Bucket(
    'sources',
    {
      project,
      name: 'bench-dev-sources-7f3a',
      location: REGION,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: true,
    },
    opts,
  );
  const invoker = new serviceaccount.Account(
    'invoker',
    { project, accountId: 'bench-dev-invoker', displayName: 'bench/dev: invokes the functions' },
    opts,
  );
  const database = new firestore.Database(
    'firestore',
    {
      project,
      name: DATABASE,
      locationId: REGION,
      type: 'FIRESTORE_NATIVE',
      concurrencyMode: 'OPTIMISTIC',
      pointInTimeRecoveryEnablement: 'POINT_IN_TIME_RECOVERY_ENABLED',
      deleteProtectionState: 'DELETE_PROTECTION_ENABLED',
      deletionPolicy: 'ABANDON',
    },
    opts,
  );
  new firestore.Field(
    'items-data-index-exemption',
    { project, database: DATABASE, collection: `${COLLECTION}_items`, field: 'd', indexConfig: {} },
    { dependsOn: [...services, database] },
  );
  const bindings = JSON.stringify({
    Items: {
      access: 'read',
      database: DATABASE,
      kind: 'table',
      name: COLLECTION,
      partitionKey: { name: 'pk', type: 'string' },
      projectId: project,
    },
  });
  const invokers: pulumi.Resource[] = [];
  const urls: pulumi.Output<string>[] = [];
  for (let i = 0; i < n; i++) {
    const name = `bench-dev-fn${i}`;
    const account = new serviceaccount.Account(
      `fn${i}-account`,
      { project, accountId: `bench-dev-fn${i}`, displayName: `bench/Fn${i}` },
      opts,
    );
    const read = new projects.IAMMember(
      `fn${i}-items-read`,
      {
        project,
        role: 'roles/datastore.viewer',
        member: pulumi.interpolate`serviceAccount:${account.email}`,
        condition: {
          title: `only-${DATABASE}`,
          expression: `resource.name == "projects/${project}/databases/${DATABASE}"`,
        },
      },
      opts,
    );
    const source = new storage.BucketObject(
      `fn${i}-source`,
      {
        bucket: bucket.name,
        name: `${name}-${hash}.zip`,
        source: new pulumi.asset.FileAsset(packageZipPath),
      },
      opts,
    );
    const fn = new cloudfunctionsv2.Function(
      `fn${i}`,
      {
        project,
        location: REGION,
        name,
        buildConfig: {
          runtime: 'nodejs24',
          entryPoint: 'anycloud',
          source: { storageSource: { bucket: source.bucket, object: source.name } },
        },
        serviceConfig: {
          availableMemory: '512Mi',
          availableCpu: '0.333',
          timeoutSeconds: 10,
          maxInstanceCount: 100,
          maxInstanceRequestConcurrency: 1,
          serviceAccountEmail: account.email,
          ingressSettings: 'ALLOW_ALL',
          allTrafficOnLatestRevision: true,
          // What the prebuilt package reads: its path, table binding, route and project.
          environmentVariables: {
            ANYCLOUD_BINDINGS: bindings,
            ANYCLOUD_FUNCTION_PATH: `bench/Fn${i}`,
            ANYCLOUD_GCP_PROJECT: project,
            ANYCLOUD_TRIGGERS: JSON.stringify({
              pushes: [],
              routes: [{ key: `GET /items${i}/{id}`, method: 'GET', path: `/items${i}/{id}` }],
            }),
            IGNORED_ROUTES: '',
          },
        },
      },
      { dependsOn: [...services, read] },
    );
    invokers.push(
      new cloudrunv2.ServiceIamMember(
        `fn${i}-invoker`,
        {
          project,
          location: REGION,
          name: fn.name,
          role: 'roles/run.invoker',
          member: pulumi.interpolate`serviceAccount:${invoker.email}`,
        },
        opts,
      ),
    );
    urls.push(fn.url);
  }
  const api = new apigateway.Api('api', { project, apiId: 'bench-dev-api', displayName: 'bench' }, opts);
  const config = new apigateway.ApiConfig(
    'api-config',
    {
      project,
      api: api.apiId,
      apiConfigIdPrefix: 'bench-dev-api-',
      openapiDocuments: [
        {
          document: {
            path: 'openapi.json',
            contents: pulumi.all(urls).apply((all) => Buffer.from(openApi(all)).toString('base64')),
          },
        },
      ],
      gatewayConfig: { backendConfig: { googleServiceAccount: invoker.email } },
    },
    { dependsOn: [...services, ...invokers] },
  );
  new apigateway.Gateway(
    'gateway',
    { project, region: REGION, gatewayId: 'bench-dev-api', apiConfig: config.id },
    opts,
  );
}
