import { App, Bucket, HttpApi, Queue, Schedule, Secret, Table, Topic, ValidationError } from 'anycloud';
import { captureAzure } from '../../providers/azure/synth';
import { BUILT_IN_ROLES } from '../../providers/azure/roles';
import { CapturedSecret, type CapturedResource } from '../../providers/shared/pulumi-document';
import { fixtureFunction, testApp } from '../fixtures/apps';

const T = {
  account: 'azure-native:storage:StorageAccount',
  container: 'azure-native:storage:BlobContainer',
  queue: 'azure-native:storage:Queue',
  table: 'azure-native:storage:Table',
  blob: 'azure-native:storage:Blob',
  plan: 'azure-native:web:AppServicePlan',
  webApp: 'azure-native:web:WebApp',
  identity: 'azure-native:managedidentity:UserAssignedIdentity',
  role: 'azure-native:authorization:RoleAssignment',
  oneDeploy: 'azure-native:resources:Resource',
  group: 'azure-native:resources:ResourceGroup',
  topic: 'azure-native:eventgrid:Topic',
  eventSubscription: 'azure-native:eventgrid:EventSubscription',
  systemTopic: 'azure-native:eventgrid:SystemTopic',
  systemSubscription: 'azure-native:eventgrid:SystemTopicEventSubscription',
  vault: 'azure-native:keyvault:Vault',
  secret: 'azure-native:keyvault:Secret',
  apim: 'azure-native:apimanagement:ApiManagementService',
  operation: 'azure-native:apimanagement:ApiOperation',
  policy: 'azure-native:apimanagement:ApiOperationPolicy',
  backend: 'azure-native:apimanagement:Backend',
  namedValue: 'azure-native:apimanagement:NamedValue',
} as const;

async function capture(app: App) {
  const { resources } = await captureAzure(app);
  const of = (type: string) => resources.filter((r) => r.type === type);
  const named = (name: string): CapturedResource => {
    const found = resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource ${name}: ${resources.map((r) => r.name).join(', ')}`);
    return found;
  };
  const settingsOf = (fn: string): Record<string, string> =>
    Object.fromEntries(
      (
        named(`${fn}/app`).inputs.siteConfig as { appSettings: { name: string; value: string }[] }
      ).appSettings.map((s) => [s.name, s.value]),
    );
  /** Role assignments whose principal is `principalId`: [role name, scope]. */
  const rolesOf = (principalId: unknown) =>
    of(T.role)
      .filter((r) => r.inputs.principalId === principalId)
      .map((r) => {
        const id = String(r.inputs.roleDefinitionId).split('/').pop();
        const role = Object.entries(BUILT_IN_ROLES).find(([, v]) => v === id)?.[0];
        return [role, r.inputs.scope];
      })
      .sort();
  return { resources, of, named, settingsOf, rolesOf };
}

describe('azure builders', () => {
  test('storage accounts are private: TLS 1.2, HTTPS only, no shared key, no public blobs', async () => {
    const app = testApp();
    new Bucket(app, 'Files');
    fixtureFunction(app, 'Fn');
    const c = await capture(app);
    expect(c.of(T.account)).toHaveLength(2); // host and data
    for (const account of c.of(T.account)) {
      expect(account.inputs).toMatchObject({
        kind: 'StorageV2',
        minimumTlsVersion: 'TLS1_2',
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        location: 'westeurope',
      });
      expect(String(account.inputs.accountName)).toMatch(/^[a-z0-9]{3,24}$/);
    }
    expect(c.named('test/Files/container').inputs.publicAccess).toBe('None');
  });

  test('a function is a Flex Consumption app with its own plan, identity and package deployed by one deploy', async () => {
    const app = testApp();
    fixtureFunction(app, 'Fn', { memory: '2048 MB', timeout: '30 seconds', environment: { MODE: 'x' } });
    const c = await capture(app);
    expect(c.named('test/Fn/plan').inputs.sku).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
    const webApp = c.named('test/Fn/app').inputs as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(webApp.kind).toBe('functionapp,linux');
    expect(webApp.httpsOnly).toBe(true);
    expect(webApp.siteConfig).toMatchObject({ minTlsVersion: '1.2', ftpsState: 'Disabled' });
    expect(webApp.identity.type).toBe('UserAssigned');
    expect(webApp.functionAppConfig.runtime).toEqual({ name: 'node', version: '24' });
    expect(webApp.functionAppConfig.scaleAndConcurrency).toEqual({
      instanceMemoryMB: 2048,
      maximumInstanceCount: 100,
    });
    expect(webApp.functionAppConfig.deployment.storage.authentication.type).toBe('UserAssignedIdentity');
    const settings = c.settingsOf('test/Fn');
    expect(settings.MODE).toBe('x');
    expect(settings.ANYCLOUD_FUNCTION_PATH).toBe('test/Fn');
    expect(settings.AzureWebJobsStorage__credential).toBe('managedidentity');
    // Flex Consumption rejects the classic settings.
    for (const name of [
      'FUNCTIONS_WORKER_RUNTIME',
      'FUNCTIONS_EXTENSION_VERSION',
      'WEBSITE_RUN_FROM_PACKAGE',
    ])
      expect(settings[name]).toBeUndefined();
    const blob = c.named('test/Fn/package');
    expect(blob.inputs.blobName).toBe('released-package.zip');
    const deploy = c.named('test/Fn/deployment');
    expect(deploy.inputs).toMatchObject({
      resourceProviderNamespace: 'Microsoft.Web',
      resourceType: 'extensions',
      resourceName: 'onedeploy',
    });
    expect(String((deploy.inputs.properties as { packageUri: string }).packageUri)).toMatch(
      /\/released-package\.zip$/,
    );
    expect(deploy.dependencies).toEqual(expect.arrayContaining([c.named('test/Fn/app').urn, blob.urn]));
  });

  test('each grant is one role assignment of the narrowest built-in role on the single resource', async () => {
    const app = testApp();
    const table = new Table(app, 'Orders', { partitionKey: 'id' });
    const bucket = new Bucket(app, 'Files');
    const queue = new Queue(app, 'Jobs');
    const topic = new Topic(app, 'Events');
    const secret = new Secret(app, 'Key');
    const reader = fixtureFunction(app, 'Reader');
    const writer = fixtureFunction(app, 'Writer');
    table.grantRead(reader);
    bucket.grantRead(reader);
    secret.grantRead(reader);
    table.grantReadWrite(writer);
    bucket.grantWrite(writer);
    queue.grantSend(writer);
    topic.grantPublish(writer);
    const c = await capture(app);
    const principal = (fn: string) =>
      c.resources.find((r) => r.type === T.role && r.name.startsWith(`${fn}/role-`))!.inputs.principalId;
    const id = (name: string) => `${name}-id`;
    expect(c.rolesOf(principal('test/Reader'))).toEqual(
      [
        ['keyVaultSecretsUser', id('test/Key/secret')],
        ['storageBlobDataOwner', id('test/azure/host-storage')],
        ['storageBlobDataReader', id('test/Files/container')],
        ['storageTableDataReader', id('test/Orders/table')],
      ].sort(),
    );
    expect(c.rolesOf(principal('test/Writer'))).toEqual(
      [
        ['eventGridDataSender', id('test/Events/topic')],
        ['storageBlobDataContributor', id('test/Files/container')],
        ['storageBlobDataOwner', id('test/azure/host-storage')],
        ['storageQueueDataMessageSender', id('test/Jobs/queue')],
        ['storageTableDataContributor', id('test/Orders/table')],
      ].sort(),
    );
    for (const role of c.of(T.role)) {
      expect(role.inputs.principalType).toBe('ServicePrincipal');
      expect(String(role.inputs.roleAssignmentName)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      // never the account or the resource group for user data
      expect(String(role.inputs.scope)).not.toContain('data-storage');
    }
    const bindings = JSON.parse(c.settingsOf('test/Reader').ANYCLOUD_BINDINGS);
    expect(Object.keys(bindings).sort()).toEqual(['Files', 'Key', 'Orders']);
    expect(bindings.Orders).toMatchObject({
      kind: 'table',
      access: 'read',
      partitionKey: { name: 'id', type: 'string' },
    });
    expect(bindings.Key.vaultUri).toMatch(/^https:\/\/[a-z0-9-]+\.vault\.azure\.net\/$/);
    expect(c.named('test/azure/key-vault').inputs.properties).toMatchObject({
      enableRbacAuthorization: true,
    });
  });

  test('a queue consumer: storage queue + poison queue, queue trigger settings in host.json and the trigger list', async () => {
    const app = testApp();
    const queue = new Queue(app, 'Jobs');
    const worker = fixtureFunction(app, 'Worker', { handler: 'worker' });
    queue.subscribe(worker, { batchSize: 5, maxRetries: 2 });
    const c = await capture(app);
    const name = String(c.named('test/Jobs/queue').inputs.queueName);
    expect(c.named('test/Jobs/queue-poison').inputs.queueName).toBe(`${name}-poison`);
    const triggers = JSON.parse(c.settingsOf('test/Worker').ANYCLOUD_TRIGGERS);
    expect(triggers.queues).toEqual([
      {
        queueName: name,
        endpoint: expect.stringMatching(/\.queue\.core\.windows\.net$/),
        source: { kind: 'queue', id: 'Jobs' },
        maxRetries: 2,
      },
    ]);
    const principal = c.resources.find((r) => r.type === T.role && r.name.startsWith('test/Worker/role-'))!
      .inputs.principalId;
    expect(c.rolesOf(principal)).toEqual(
      expect.arrayContaining([
        ['storageQueueDataMessageProcessor', 'test/Jobs/queue-id'],
        ['storageQueueDataMessageSender', 'test/Jobs/queue-poison-id'],
      ]),
    );
  });

  test('a topic: Event Grid topic (CloudEvents, local auth off) delivering into one queue per subscriber with its identity', async () => {
    const app = testApp();
    const topic = new Topic(app, 'Events');
    topic.subscribe(fixtureFunction(app, 'A', { handler: 'worker' }), { maxRetries: 1 });
    topic.subscribe(fixtureFunction(app, 'B', { handler: 'worker' }));
    const c = await capture(app);
    expect(c.named('test/Events/topic').inputs).toMatchObject({
      inputSchema: 'CloudEventSchemaV1_0',
      disableLocalAuth: true,
    });
    const subscriptions = c.of(T.eventSubscription);
    expect(subscriptions).toHaveLength(2);
    for (const s of subscriptions) {
      expect(s.inputs.scope).toBe('test/Events/topic-id');
      expect(s.inputs.deliveryWithResourceIdentity).toMatchObject({
        identity: { type: 'SystemAssigned' },
        destination: { endpointType: 'StorageQueue' },
      });
    }
    expect(c.of(T.queue)).toHaveLength(4);
    // Undeliverable events are dead-lettered into the app's container; the topic may write there only.
    const deadLetters = c.named('test/azure/event-dead-letters');
    expect(deadLetters.inputs).toMatchObject({ containerName: 'event-dead-letters', publicAccess: 'None' });
    for (const s of subscriptions)
      expect(s.inputs.deadLetterWithResourceIdentity).toMatchObject({
        identity: { type: 'SystemAssigned' },
        deadLetterDestination: { endpointType: 'StorageBlob', blobContainerName: 'event-dead-letters' },
      });
    const writers = c
      .of(T.role)
      .filter((r) => r.inputs.scope === 'test/azure/event-dead-letters-id')
      .map((r) => [r.name, String(r.inputs.roleDefinitionId).split('/').pop()]);
    expect(writers).toEqual([['test/Events/dead-letters', BUILT_IN_ROLES.storageBlobDataContributor]]);
  });

  test('object events: one system topic on the data account, a case-sensitive subject filter per subscription', async () => {
    const app = testApp();
    const bucket = new Bucket(app, 'Files');
    bucket.onObjectCreated(fixtureFunction(app, 'OnUpload', { handler: 'onObject' }), {
      prefix: 'uploads/',
      suffix: '.png',
    });
    bucket.onObjectRemoved(fixtureFunction(app, 'OnRemove', { handler: 'onObject' }));
    const c = await capture(app);
    expect(c.of(T.systemTopic)).toHaveLength(1);
    expect(c.of(T.systemTopic)[0].inputs.topicType).toBe('Microsoft.Storage.StorageAccounts');
    const container = String(c.named('test/Files/container').inputs.containerName);
    expect(c.named('test/Files/events-0').inputs.filter).toEqual({
      includedEventTypes: ['Microsoft.Storage.BlobCreated'],
      subjectBeginsWith: `/blobServices/default/containers/${container}/blobs/uploads/`,
      subjectEndsWith: '.png',
      isSubjectCaseSensitive: true,
    });
    expect(
      (c.named('test/Files/events-1').inputs.filter as { includedEventTypes: string[] }).includedEventTypes,
    ).toEqual(['Microsoft.Storage.BlobDeleted']);
    for (const s of c.of(T.systemSubscription))
      expect(s.inputs.deadLetterWithResourceIdentity).toMatchObject({
        deadLetterDestination: { endpointType: 'StorageBlob', blobContainerName: 'event-dead-letters' },
      });
    expect(
      c
        .of(T.role)
        .filter((r) => r.inputs.scope === 'test/azure/event-dead-letters-id')
        .map((r) => r.name),
    ).toEqual(['test/azure/blob-events-dead-letters']);
  });

  test('routes: API Management (Consumption) with one operation per route sent to the function app with its host key', async () => {
    const app = testApp();
    const api = new HttpApi(app, 'Api');
    const fn = fixtureFunction(app, 'Fn');
    api.route('GET /orders/{id}', fn);
    api.route('PUT /files/{name+}', fn);
    const c = await capture(app);
    expect(c.named('test/Api/service').inputs).toMatchObject({
      sku: { name: 'Consumption', capacity: 0 },
      publisherEmail: 'api-owner@example.com',
    });
    const ops = c
      .of(T.operation)
      .map((o) => [o.inputs.method, o.inputs.urlTemplate, o.inputs.templateParameters])
      .sort((a, b) => (String(a[1]) < String(b[1]) ? -1 : 1));
    expect(ops).toEqual([
      ['PUT', '/files/*', []],
      ['GET', '/orders/{id}', [{ name: 'id', type: 'string', required: true }]],
    ]);
    const backend = c.of(T.backend)[0];
    expect(backend.inputs.credentials).toEqual({ header: { 'x-functions-key': ['{{fn-key}}'] } });
    expect(c.of(T.namedValue)[0].inputs.secret).toBe(true);
    expect(c.of(T.namedValue)[0].inputs.value).toEqual(new CapturedSecret('synth-host-key'));
    for (const p of c.of(T.policy))
      expect(String(p.inputs.value)).toContain('<set-backend-service backend-id="fn" />');
    const triggers = JSON.parse(c.settingsOf('test/Fn').ANYCLOUD_TRIGGERS);
    expect(triggers.routes.map((r: { route: string }) => r.route)).toEqual(['orders/{id}', 'files/{*name}']);
  });

  test('a zoned schedule: hourly NCRONTAB in UTC, the zone checked in the shim, firings through the schedule queue', async () => {
    const app = testApp();
    const tick = fixtureFunction(app, 'Tick', { handler: 'nightly' });
    new Schedule(app, 'Nightly', { cron: '0 2 * * *', timeZone: 'Europe/Paris', target: tick });
    const c = await capture(app);
    const triggers = JSON.parse(c.settingsOf('test/Tick').ANYCLOUD_TRIGGERS);
    expect(triggers.timers).toEqual([
      { schedule: '0 0 * * * *', matchers: [{ id: 'Nightly', timeZone: 'Europe/Paris', cron: '0 2 * * *' }] },
    ]);
    expect(triggers.scheduleQueue.queueName).toBe(c.named('test/Tick/schedule-queue').inputs.queueName);
  });

  test('a missing region or publisher email is a ValidationError naming the pulumi config command', async () => {
    const app = testApp();
    new HttpApi(app, 'Api').route('GET /', fixtureFunction(app, 'Fn'));
    await expect(captureAzure(app, { location: '', publisherEmail: '' })).rejects.toThrow(ValidationError);
    await expect(captureAzure(app, { location: '' })).rejects.toThrow(
      /pulumi config set azure-native:location/,
    );
  });

  test('auth: validate-jwt (OpenID discovery, audiences, issuer) on protected operations only; scopes go to the function', async () => {
    const app = testApp();
    const api = new HttpApi(app, 'Api', {
      auth: { jwt: { issuer: 'https://id.example.com/', audience: ['api', 'a&b'] } },
    });
    const fn = fixtureFunction(app, 'Fn');
    api.route('GET /me', fn);
    api.route('GET /admin', fn, { auth: { scopes: ['admin:read'] } });
    api.route('GET /health', fn, { auth: 'none' });
    const c = await capture(app);
    const policyOf = (display: string) => {
      const op = c.of(T.operation).find((o) => o.inputs.displayName === display)!;
      return String(c.named(`${op.name}-policy`).inputs.value);
    };
    expect(policyOf('GET /me')).toContain(
      '<validate-jwt header-name="Authorization" require-scheme="Bearer" failed-validation-httpcode="401" failed-validation-error-message="Unauthorized"><openid-config url="https://id.example.com/.well-known/openid-configuration" /><audiences><audience>api</audience><audience>a&amp;b</audience></audiences><issuers><issuer>https://id.example.com/</issuer></issuers></validate-jwt><set-backend-service',
    );
    expect(policyOf('GET /admin')).toContain('<validate-jwt');
    expect(policyOf('GET /health')).not.toContain('validate-jwt');
    const routes = (
      JSON.parse(c.settingsOf('test/Fn').ANYCLOUD_TRIGGERS) as {
        routes: { key: string; scopes?: string[] }[];
      }
    ).routes;
    expect(Object.fromEntries(routes.map((r) => [r.key, r.scopes]))).toEqual({
      'GET /me': [],
      'GET /admin': ['admin:read'],
      'GET /health': undefined,
    });
  });
});
