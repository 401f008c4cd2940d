import SwaggerParser from '@apidevtools/swagger-parser';
import { App, Bucket, HttpApi, Queue, Schedule, Secret, Table, Topic, ValidationError } from 'anycloud';
import { buildGcp } from 'anycloud/gcp';
import { GCP_ROLES } from '../../providers/gcp/iam';
import { captureGcp, SYNTH_PROJECT, SYNTH_PROJECT_NUMBER, synthFunctionUri } from '../../providers/gcp/synth';
import { DATA_FIELD, TTL_FIELD } from '../../providers/gcp/runtime/firestore-table-client';
import { capturePulumiProgram } from '../../providers/shared/pulumi-capture';
import type { CapturedResource } from '../../providers/shared/pulumi-document';
import { fixtureFunction, testApp } from '../fixtures/apps';

const T = {
  service: 'gcp:projects/service:Service',
  bucket: 'gcp:storage/bucket:Bucket',
  object: 'gcp:storage/bucketObject:BucketObject',
  notification: 'gcp:storage/notification:Notification',
  bucketIam: 'gcp:storage/bucketIAMMember:BucketIAMMember',
  account: 'gcp:serviceaccount/account:Account',
  function: 'gcp:cloudfunctionsv2/function:Function',
  invoker: 'gcp:cloudrunv2/serviceIamMember:ServiceIamMember',
  topic: 'gcp:pubsub/topic:Topic',
  subscription: 'gcp:pubsub/subscription:Subscription',
  topicIam: 'gcp:pubsub/topicIAMMember:TopicIAMMember',
  subscriptionIam: 'gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember',
  database: 'gcp:firestore/database:Database',
  field: 'gcp:firestore/field:Field',
  projectIam: 'gcp:projects/iAMMember:IAMMember',
  secret: 'gcp:secretmanager/secret:Secret',
  version: 'gcp:secretmanager/secretVersion:SecretVersion',
  secretIam: 'gcp:secretmanager/secretIamMember:SecretIamMember',
  job: 'gcp:cloudscheduler/job:Job',
  api: 'gcp:apigateway/api:Api',
  config: 'gcp:apigateway/apiConfig:ApiConfig',
  gateway: 'gcp:apigateway/gateway:Gateway',
} as const;

async function capture(app: App) {
  const { resources } = await captureGcp(app);
  const of = (type: string) => resources.filter((r) => r.type === type);
  const named = (name: string): CapturedResource => {
    const found = resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource ${name}: ${resources.map((r) => r.name).join(', ')}`);
    return found;
  };
  const envOf = (fn: string) =>
    (named(`${fn}/function`).inputs.serviceConfig as { environmentVariables: Record<string, string> })
      .environmentVariables;
  const emailOf = (fn: string) =>
    `${String(named(`${fn}/service-account`).inputs.accountId)}@${SYNTH_PROJECT}.iam.gserviceaccount.com`;
  /** Every IAM member of a function's service account: [type, role]. */
  const iamOf = (fn: string) =>
    resources
      .filter((r) => r.inputs.member === `serviceAccount:${emailOf(fn)}`)
      .map((r) => [r.type, r.inputs.role])
      .sort();
  return { resources, of, named, envOf, iamOf, emailOf };
}

const PUBSUB_AGENT = `serviceAccount:service-${SYNTH_PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`;

describe('gcp builders', () => {
  test('the APIs the app uses are enabled, left enabled on destroy, and every resource waits for them', async () => {
    const app = testApp();
    new Queue(app, 'Jobs').subscribe(fixtureFunction(app, 'Worker', { handler: 'worker' }));
    const c = await capture(app);
    const apis = c.of(T.service).map((s) => s.inputs.service);
    expect(apis).toEqual(
      expect.arrayContaining([
        'cloudfunctions.googleapis.com',
        'run.googleapis.com',
        'cloudbuild.googleapis.com',
        'pubsub.googleapis.com',
      ]),
    );
    expect(apis).not.toContain('apigateway.googleapis.com');
    for (const s of c.of(T.service)) expect(s.inputs.disableOnDestroy).toBe(false);
    const serviceUrns = c.of(T.service).map((s) => s.urn);
    for (const r of c.resources.filter((r) => r.custom && r.type !== T.service))
      expect([r.name, serviceUrns.every((u) => r.dependencies.includes(u))]).toEqual([r.name, true]);
  });

  test('a function: gen2, its own service account, its zip named by content in a private source bucket, one request per instance', async () => {
    const app = testApp();
    new HttpApi(app, 'Api').route(
      'GET /hello',
      fixtureFunction(app, 'Hello', { memory: '1 GB', timeout: '20 seconds' }),
    );
    const c = await capture(app);
    const fn = c.named('test/Hello/function').inputs;
    expect(fn).toMatchObject({
      location: 'europe-west1',
      buildConfig: { runtime: 'nodejs24', entryPoint: 'anycloud' },
      serviceConfig: {
        availableMemory: '1Gi',
        availableCpu: '0.583',
        timeoutSeconds: 20,
        maxInstanceRequestConcurrency: 1,
        serviceAccountEmail: c.emailOf('test/Hello'),
        allTrafficOnLatestRevision: true,
      },
    });
    expect(c.envOf('test/Hello')).toMatchObject({ IGNORED_ROUTES: '', ANYCLOUD_FUNCTION_PATH: 'test/Hello' });
    const object = c.named('test/Hello/source').inputs;
    expect(String(object.name)).toMatch(/^test-dev-hello-[0-9a-f]{8}-[0-9a-f]{16}\.zip$/);
    const sources = c.named('test/gcp/sources').inputs;
    expect(sources).toMatchObject({ uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' });
    expect(object.bucket).toBe(sources.name);
    // Only the invoker account may call the function.
    const invokers = c.of(T.invoker);
    expect(invokers).toHaveLength(1);
    expect(invokers[0].inputs).toMatchObject({
      role: GCP_ROLES.runInvoker,
      name: 'test-dev-hello-' + String(fn.name).split('-').pop(),
    });
    expect(String(invokers[0].inputs.member)).toMatch(/^serviceAccount:invoker-[0-9a-f]{8}@/);
  });

  test('each grant is one IAM member of the narrowest role on the single resource', async () => {
    const app = testApp();
    const bucket = new Bucket(app, 'Files');
    const queue = new Queue(app, 'Jobs');
    const topic = new Topic(app, 'Events');
    const secret = new Secret(app, 'Key');
    const reader = fixtureFunction(app, 'Reader');
    const writer = fixtureFunction(app, 'Writer');
    bucket.grantRead(reader);
    bucket.grantReadWrite(writer);
    queue.grantSend(writer);
    topic.grantPublish(writer);
    secret.grantRead(reader);
    const c = await capture(app);
    expect(c.iamOf('test/Reader')).toEqual(
      [
        [T.secretIam, GCP_ROLES.secretAccessor],
        [T.bucketIam, GCP_ROLES.objectViewer],
      ].sort(),
    );
    expect(c.iamOf('test/Writer')).toEqual(
      [
        [T.topicIam, GCP_ROLES.publisher],
        [T.topicIam, GCP_ROLES.publisher],
        [T.bucketIam, GCP_ROLES.objectUser],
      ].sort(),
    );
    const readerBucket = c
      .of(T.bucketIam)
      .find((r) => r.inputs.member === `serviceAccount:${c.emailOf('test/Reader')}`)!;
    expect(readerBucket.inputs.bucket).toBe(c.named('test/Files/bucket').inputs.name);
    for (const r of c.resources)
      if (typeof r.inputs.role === 'string') expect(r.inputs.role).not.toMatch(/admin|owner|editor|\*/i);
  });

  test('tables: one Firestore database per app; a table grant is a database-scoped role (reported as widened)', async () => {
    const app = testApp();
    const orders = new Table(app, 'Orders', {
      partitionKey: 'pk',
      sortKey: 'sk',
      timeToLiveAttribute: 'expiresAt',
    });
    const other = new Table(app, 'Other', { partitionKey: 'pk' });
    const fn = fixtureFunction(app, 'Fn');
    orders.grantRead(fn);
    other.grantReadWrite(fn);
    const c = await capture(app);
    expect(c.of(T.database)).toHaveLength(1);
    const database = c.of(T.database)[0].inputs;
    expect(database).toMatchObject({
      type: 'FIRESTORE_NATIVE',
      deleteProtectionState: 'DELETE_PROTECTION_ENABLED',
      locationId: 'europe-west1',
    });
    const ttl = c.of(T.field).filter((f) => f.inputs.ttlConfig);
    expect(ttl).toHaveLength(1);
    // Each table's JSON field is exempt from indexing.
    expect(c.of(T.field).filter((f) => f.inputs.field === DATA_FIELD && !f.inputs.ttlConfig)).toHaveLength(2);
    expect(ttl[0].inputs).toMatchObject({ database: database.name, field: TTL_FIELD, ttlConfig: {} });
    expect(String(ttl[0].inputs.collection)).toMatch(/_items$/);
    const roles = c.of(T.projectIam).map((r) => r.inputs);
    expect(roles.map((r) => r.role).sort()).toEqual([GCP_ROLES.datastoreUser, GCP_ROLES.datastoreViewer]);
    for (const r of roles)
      expect(r.condition).toMatchObject({
        expression: `resource.name == "projects/${SYNTH_PROJECT}/databases/${String(database.name)}"`,
      });
    const widened = await capturePulumiProgram(() => {
      const build = buildGcp(app, { project: SYNTH_PROJECT, region: 'europe-west1' });
      expect(build.widenedGrants.map((w) => [w.function, w.resource, w.access])).toEqual([
        ['test/Fn', 'test/Orders', 'read'],
        ['test/Fn', 'test/Other', 'readwrite'],
      ]);
      return {};
    });
    expect(widened.resources.length).toBeGreaterThan(0);
  });

  test('a queue consumer: push subscription to the function with OIDC, dead-letter topic kept by a pull subscription, agent roles', async () => {
    const app = testApp();
    const queue = new Queue(app, 'Jobs', { retention: '2 days' });
    queue.subscribe(fixtureFunction(app, 'Worker', { handler: 'worker', timeout: '45 seconds' }), {
      maxRetries: 7,
    });
    const c = await capture(app);
    const sub = c.named('test/Jobs/consumer-subscription').inputs;
    const uri = synthFunctionUri(String(c.named('test/Worker/function').inputs.name));
    expect(sub).toMatchObject({
      ackDeadlineSeconds: 45,
      messageRetentionDuration: '172800s',
      expirationPolicy: { ttl: '' },
      pushConfig: { pushEndpoint: `${uri}/_anycloud/push/queue/Jobs`, oidcToken: { audience: uri } },
      deadLetterPolicy: { deadLetterTopic: 'test/Jobs/consumer-dlq-id', maxDeliveryAttempts: 8 },
      retryPolicy: { minimumBackoff: '10s', maximumBackoff: '600s' },
    });
    expect(c.named('test/Jobs/consumer-dlq-subscription').inputs).toMatchObject({
      topic: 'test/Jobs/consumer-dlq-id',
      messageRetentionDuration: '604800s',
    });
    expect(c.named('test/Jobs/consumer-dlq-agent-publisher').inputs).toMatchObject({
      member: PUBSUB_AGENT,
      role: GCP_ROLES.publisher,
    });
    expect(c.named('test/Jobs/consumer-agent-subscriber').inputs).toMatchObject({
      member: PUBSUB_AGENT,
      role: GCP_ROLES.subscriber,
    });
    const triggers = JSON.parse(c.envOf('test/Worker').ANYCLOUD_TRIGGERS) as { pushes: unknown[] };
    expect(triggers.pushes).toEqual([
      { path: '/_anycloud/push/queue/Jobs', source: { kind: 'queue', id: 'Jobs' }, maxRetries: 7 },
    ]);
  });

  test('Pub/Sub needs 5 delivery attempts at least: maxRetries 1 gives 5 (the shim refuses the extra ones)', async () => {
    const app = testApp();
    new Queue(app, 'Jobs').subscribe(fixtureFunction(app, 'Worker', { handler: 'worker' }), {
      maxRetries: 1,
    });
    const c = await capture(app);
    expect(c.named('test/Jobs/consumer-subscription').inputs.deadLetterPolicy).toMatchObject({
      maxDeliveryAttempts: 5,
    });
  });

  test('a topic: one push subscription and dead-letter topic per subscriber', async () => {
    const app = testApp();
    const topic = new Topic(app, 'Events');
    topic.subscribe(fixtureFunction(app, 'A', { handler: 'worker' }));
    topic.subscribe(fixtureFunction(app, 'B', { handler: 'worker' }), { maxRetries: 10 });
    const c = await capture(app);
    expect(c.of(T.topic)).toHaveLength(3);
    expect(c.named('test/Events/A-subscription').inputs.topic).toBe('test/Events/topic-id');
    expect(c.named('test/Events/B-subscription').inputs.deadLetterPolicy).toMatchObject({
      maxDeliveryAttempts: 11,
      deadLetterTopic: 'test/Events/B-dlq-id',
    });
  });

  test('object events: a Cloud Storage notification per subscription (prefix there, suffix in the shim), the storage agent publishes', async () => {
    const app = testApp();
    const bucket = new Bucket(app, 'Files');
    bucket.onObjectCreated(fixtureFunction(app, 'OnUpload', { handler: 'onObject' }), {
      prefix: 'uploads/',
      suffix: '.png',
    });
    bucket.onObjectRemoved(fixtureFunction(app, 'OnRemove', { handler: 'onObject' }));
    const c = await capture(app);
    expect(c.named('test/Files/bucket').inputs).toMatchObject({
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: false,
    });
    expect(c.named('test/Files/notification-0').inputs).toMatchObject({
      payloadFormat: 'JSON_API_V1',
      eventTypes: ['OBJECT_FINALIZE'],
      objectNamePrefix: 'uploads/',
      topic: 'test/Files/events-0-id',
    });
    expect(c.named('test/Files/notification-1').inputs).toMatchObject({ eventTypes: ['OBJECT_DELETE'] });
    expect(c.named('test/Files/notification-1').inputs.objectNamePrefix).toBeUndefined();
    expect(c.named('test/Files/events-0-publisher').inputs.member).toBe(
      `serviceAccount:service-${SYNTH_PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`,
    );
    const pushes = (JSON.parse(c.envOf('test/OnUpload').ANYCLOUD_TRIGGERS) as { pushes: unknown[] }).pushes;
    expect(pushes).toEqual([
      {
        path: '/_anycloud/push/bucket/Files/0',
        source: { kind: 'bucket', id: 'Files' },
        maxRetries: 3,
        suffix: '.png',
      },
    ]);
  });

  test('a secret: Secret Manager secret with automatic replication and a version from Pulumi secret config', async () => {
    const app = testApp();
    new Secret(app, 'Key').grantRead(fixtureFunction(app, 'Fn'));
    const { resources } = await captureGcp(app, { secrets: { Key: 'sekret' } });
    const secret = resources.find((r) => r.type === T.secret)!;
    expect(secret.inputs).toMatchObject({ replication: { auto: {} } });
    const version = resources.find((r) => r.type === T.version)!;
    expect(JSON.stringify(version.inputs.secretData)).toContain('sekret');
    expect(version.inputs.secretData).toHaveProperty('value');
  });

  test('a schedule: Cloud Scheduler in the zone publishing to the function’s schedule topic, pushed back with 2 retries', async () => {
    const app = testApp();
    const tick = fixtureFunction(app, 'Tick', { handler: 'nightly' });
    new Schedule(app, 'Nightly', { cron: '0 2 * * *', timeZone: 'Europe/Paris', target: tick });
    new Schedule(app, 'Often', { rate: '15 minutes', target: tick });
    const c = await capture(app);
    expect(c.named('test/Nightly/job').inputs).toMatchObject({
      schedule: '0 2 * * *',
      timeZone: 'Europe/Paris',
      pubsubTarget: {
        topicName: 'test/Tick/schedules-id',
        data: Buffer.from('{"scheduleId":"Nightly"}').toString('base64'),
      },
    });
    expect(c.named('test/Often/job').inputs).toMatchObject({ schedule: '*/15 * * * *', timeZone: 'UTC' });
    expect(c.named('test/Tick/schedules-subscription').inputs.deadLetterPolicy).toMatchObject({
      maxDeliveryAttempts: 5,
    });
    expect(c.named('test/Tick/schedules-publisher').inputs.member).toBe(
      `serviceAccount:service-${SYNTH_PROJECT_NUMBER}@gcp-sa-cloudscheduler.iam.gserviceaccount.com`,
    );
    expect(c.of(T.topicIam).filter((r) => String(r.inputs.member).includes('cloudscheduler'))).toHaveLength(
      1,
    );
  });

  test('routes: API Gateway with a valid OpenAPI 2.0 document, each operation sent to its function with its timeout', async () => {
    const app = testApp();
    const api = new HttpApi(app, 'Api', { cors: { allowOrigins: ['https://example.com'] } });
    api.route('GET /items/{id}', fixtureFunction(app, 'Get', { timeout: '30 seconds' }));
    api.route('PUT /files/{name+}', fixtureFunction(app, 'Put'));
    const c = await capture(app);
    const config = c.named('test/Api/config').inputs;
    expect(config).toMatchObject({
      gatewayConfig: { backendConfig: { googleServiceAccount: expect.stringMatching(/^invoker-/) } },
    });
    const [{ document }] = config.openapiDocuments as { document: { path: string; contents: string } }[];
    const openapi = JSON.parse(Buffer.from(document.contents, 'base64').toString('utf8')) as Record<
      string,
      unknown
    >;
    // A valid OpenAPI 2.0 document, but for Google's documented double-wildcard path template
    // (`{name=**}`, https://cloud.google.com/api-gateway/docs/path-templating), which a generic
    // validator reads as a parameter name: validated with it written `{name}`.
    const standard = JSON.parse(
      JSON.stringify(openapi).replace(/\{([a-zA-Z0-9_]+)=\*\*\}/g, '{$1}'),
    ) as object;
    await expect(SwaggerParser.validate(standard as never)).resolves.toBeDefined();
    await expect(SwaggerParser.validate({ ...standard, swagger: '3.0' } as never)).rejects.toThrow();
    const paths = openapi.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(paths)).toEqual(['/files/{name=**}', '/items/{id}']);
    const getUri = synthFunctionUri(String(c.named('test/Get/function').inputs.name));
    expect(paths['/items/{id}'].get['x-google-backend']).toEqual({
      address: getUri,
      path_translation: 'APPEND_PATH_TO_ADDRESS',
      jwt_audience: getUri,
      deadline: 30,
    });
    expect(paths['/items/{id}'].options).toBeDefined();
    expect(c.named('test/Api/gateway').inputs).toMatchObject({ region: 'europe-west1' });
  });

  test('a missing project or region is a ValidationError naming the pulumi config command', async () => {
    const app = testApp();
    new HttpApi(app, 'Api').route('GET /', fixtureFunction(app, 'Fn'));
    const error = (await captureGcp(app, { project: '', region: 'nowhere' }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i) => i.rule)).toEqual(['gcp.project', 'gcp.region']);
    expect(error.message).toContain('pulumi config set gcp:project');
    expect(error.message).toContain('pulumi config set gcp:region');
  });

  test('auth: a JWT security definition on protected operations; the function checks scopes from the user info', async () => {
    const app = testApp();
    const api = new HttpApi(app, 'Api', {
      auth: {
        jwt: {
          issuer: 'https://accounts.google.com',
          audience: ['a', 'b'],
          jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
        },
      },
    });
    const fn = fixtureFunction(app, 'Fn');
    api.route('GET /me', fn);
    api.route('GET /admin', fn, { auth: { scopes: ['admin:read'] } });
    api.route('GET /health', fn, { auth: 'none' });
    const c = await capture(app);
    const [{ document }] = c.named('test/Api/config').inputs.openapiDocuments as {
      document: { contents: string };
    }[];
    const openapi = JSON.parse(Buffer.from(document.contents, 'base64').toString('utf8')) as {
      securityDefinitions: Record<string, unknown>;
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(openapi.securityDefinitions).toEqual({
      anycloud_jwt: {
        type: 'oauth2',
        flow: 'implicit',
        authorizationUrl: '',
        'x-google-issuer': 'https://accounts.google.com',
        'x-google-jwks_uri': 'https://www.googleapis.com/oauth2/v3/certs',
        'x-google-audiences': 'a,b',
      },
    });
    expect(openapi.paths['/me'].get.security).toEqual([{ anycloud_jwt: [] }]);
    expect(openapi.paths['/admin'].get.security).toEqual([{ anycloud_jwt: [] }]);
    expect(openapi.paths['/health'].get.security).toBeUndefined();
    const routes = (
      JSON.parse(c.envOf('test/Fn').ANYCLOUD_TRIGGERS) as { routes: { key: string; scopes?: string[] }[] }
    ).routes;
    expect(Object.fromEntries(routes.map((r) => [r.key, r.scopes]))).toEqual({
      'GET /me': [],
      'GET /admin': ['admin:read'],
      'GET /health': undefined,
    });
  });
});
