import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StorageSharedKeyCredential, BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { AzureNamedKeyCredential, TableServiceClient } from '@azure/data-tables';
import type { App } from 'anycloud';
import { CapturedSecret, type CapturedResource } from '../../../providers/shared/pulumi-document';
import { captureAzure, type AzureSynthOptions } from '../../../providers/azure/synth';
import type { ConformanceResponse, ConformanceRunner } from '../../conformance/runner';
import { startAzurite, type Azurite } from './azurite';
import { LoadedFunctionApp, type Registration } from './functions-host';
import { authenticate, authFailure } from 'anycloud/runtime/host';

const T = {
  webApp: 'azure-native:web:WebApp',
  blob: 'azure-native:storage:Blob',
  container: 'azure-native:storage:BlobContainer',
  queue: 'azure-native:storage:Queue',
  table: 'azure-native:storage:Table',
  account: 'azure-native:storage:StorageAccount',
  operation: 'azure-native:apimanagement:ApiOperation',
  policy: 'azure-native:apimanagement:ApiOperationPolicy',
  backend: 'azure-native:apimanagement:Backend',
  topic: 'azure-native:eventgrid:Topic',
  eventSubscription: 'azure-native:eventgrid:EventSubscription',
  systemSubscription: 'azure-native:eventgrid:SystemTopicEventSubscription',
  secret: 'azure-native:keyvault:Secret',
} as const;

const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const plain = (value: unknown): unknown => (value instanceof CapturedSecret ? value.value : value);

/** The `validate-jwt` of an operation policy: discovery URL, audiences, issuers (none: a public operation). */
function validateJwtOf(
  policy: string,
): { jwt: { openIdConfig: string; audiences: string[]; issuers: string[] } } | undefined {
  const block = /<validate-jwt[^>]*>([\s\S]*?)<\/validate-jwt>/.exec(policy)?.[1];
  if (!block) return undefined;
  const unescape = (t: string) =>
    t
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const all = (tag: string) =>
    [...block.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => unescape(m[1]));
  const openIdConfig = unescape(/<openid-config url="([^"]+)"/.exec(block)?.[1] ?? '');
  return { jwt: { openIdConfig, audiences: all('audience'), issuers: all('issuer') } };
}

/** An API Management operation as declared: method, URL template, the function app its policy sends it to. */
interface Operation {
  readonly method: string;
  readonly segments: readonly string[];
  readonly app: LoadedFunctionApp;
  /** API Management's validate-jwt of the operation, if any. */
  readonly jwt?: { readonly openIdConfig: string; readonly audiences: string[]; readonly issuers: string[] };
}

/** A consumed queue: the app and registration its queue trigger belongs to. */
interface QueueConsumer {
  readonly app: LoadedFunctionApp;
  readonly registration: Registration;
  readonly queueName: string;
  readonly batchSize: number;
  readonly maxDequeueCount: number;
}

/** Where Event Grid delivers: a subscription's filter and destination queue. */
interface Delivery {
  readonly source: string;
  readonly queueName: string;
  readonly eventTypes?: readonly string[];
  readonly subjectBeginsWith?: string;
  readonly subjectEndsWith?: string;
}

/** Matches `segments` of an Azure Functions route template (`echo/{name}`, `files/{*name}`) to a path. */
function matchTemplate(
  template: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    if (t.startsWith('{*') || t === '*') {
      if (segments.length <= i) return undefined;
      if (t !== '*') params[t.slice(2, -1)] = decodeURIComponent(segments.slice(i).join('/'));
      return params;
    }
    if (segments[i] === undefined || segments[i] === '') return undefined;
    if (t.startsWith('{')) params[t.slice(1, -1)] = decodeURIComponent(segments[i]);
    else if (t !== segments[i]) return undefined;
  }
  return template.length === segments.length ? params : undefined;
}

const split = (path: string) => (path === '/' || path === '' ? [] : path.replace(/^\//, '').split('/'));

/**
 * One anycloud app "deployed" to Azure on this machine: it runs the real Pulumi program under
 * mocks, starts Azurite (blob, queue, table: the real storage services' emulator) with the
 * declared containers, queues and tables, and loads each function's real package the way the
 * Functions Node.js worker does (real `@azure/functions` v4 model, HTTP through its stream
 * proxy), with the app settings the program declared (endpoints pointed at Azurite). The
 * services with no emulator are played from the declared resources: API Management (operations,
 * policies, backends), the Functions host (routing to HTTP triggers, the queue-trigger loop with
 * `batchSize`/`maxDequeueCount` from host.json and poison queues, timers), Event Grid (custom
 * topic → subscriber queues; blob created/deleted → system topic subscriptions with their
 * filters) and Key Vault (secret values from the declared secrets).
 */
export class AzureFunctionsApp implements ConformanceRunner {
  private readonly objects = new Map<string, Map<string, string>>();
  private server?: http.Server;

  private constructor(
    readonly resources: readonly CapturedResource[],
    readonly apps: ReadonlyMap<string, LoadedFunctionApp>,
    private readonly azurite: Azurite,
    private readonly operations: readonly Operation[],
    private readonly consumers: readonly QueueConsumer[],
    private readonly topicDeliveries: readonly Delivery[],
    private readonly blobDeliveries: readonly Delivery[],
    private readonly secrets: ReadonlyMap<string, string>,
    private readonly dataContainers: readonly string[],
  ) {}

  /** Resources of the captured program with `type`. */
  resourcesOf(type: string): CapturedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  static async deploy(neutral: App, options: AzureSynthOptions = {}): Promise<AzureFunctionsApp> {
    const captured = await captureAzure(neutral, options);
    const resources = captured.resources;
    const of = (type: string) => resources.filter((r) => r.type === type);
    const azurite = await startAzurite();
    let services: http.Server | undefined;
    try {
      // The harness's stand-ins for Event Grid topics and Key Vault, on one loopback port.
      const ref: { app?: AzureFunctionsApp } = {};
      services = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          ref.app!.serve(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks)).then(
            ({ status, body }) => res.writeHead(status, { 'content-type': 'application/json' }).end(body),
            (error: unknown) => res.writeHead(500).end(String(error)),
          );
        });
      });
      await new Promise<void>((resolve) => services!.listen(0, '127.0.0.1', resolve));
      const servicesUrl = `http://127.0.0.1:${(services.address() as AddressInfo).port}`;

      const dataAccount = of(T.account).find((a) => a.name.endsWith('/data-storage'));
      const dataName = String(dataAccount?.inputs.accountName ?? '');
      const topicNameById = new Map(of(T.topic).map((t) => [`${t.name}-id`, String(t.inputs.topicName)]));

      // Point every endpoint the program declared at Azurite or the harness's services.
      const endpoints: [string, string][] = [
        [`https://${dataName}.blob.core.windows.net`, azurite.blobEndpoint],
        [`https://${dataName}.queue.core.windows.net`, azurite.queueEndpoint],
        [`https://${dataName}.table.core.windows.net`, azurite.tableEndpoint],
      ];
      const rewrite = (text: string) => {
        let out = text;
        for (const [from, to] of endpoints) out = out.split(from).join(to);
        out = out.replace(
          /https:\/\/([a-z0-9-]+)\.[a-z0-9]+-1\.eventgrid\.azure\.net\/api\/events/g,
          `${servicesUrl}/topics/$1/api/events`,
        );
        return out.replace(/https:\/\/[a-z0-9-]+\.vault\.azure\.net\//g, `${servicesUrl}/vault/`);
      };

      // Create what the program declared in the data account.
      const credential = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);
      const blobs = new BlobServiceClient(azurite.blobEndpoint, credential);
      const queues = new QueueServiceClient(azurite.queueEndpoint, credential);
      const tables = new TableServiceClient(
        azurite.tableEndpoint,
        new AzureNamedKeyCredential(DEV_ACCOUNT, DEV_KEY),
        {
          allowInsecureConnection: true,
        },
      );
      const dataContainers = of(T.container)
        .filter((c) => c.inputs.accountName === dataName)
        .map((c) => String(c.inputs.containerName));
      for (const c of dataContainers) await blobs.createContainer(c);
      for (const q of of(T.queue)) await queues.createQueue(String(q.inputs.queueName));
      for (const t of of(T.table)) await tables.createTable(String(t.inputs.tableName));

      // Load each function app's package with its app settings.
      const apps = new Map<string, LoadedFunctionApp>();
      const packages = new Map(of(T.blob).map((b) => [b.name.replace(/\/package$/, ''), b]));
      for (const webApp of of(T.webApp)) {
        const fnPath = webApp.name.replace(/\/app$/, '');
        const source = packages.get(fnPath)?.inputs.source as { path?: string } | undefined;
        if (!source?.path) throw new Error(`harness: no package for ${fnPath}`);
        const siteConfig = webApp.inputs.siteConfig as { appSettings: { name: string; value: unknown }[] };
        const settings = Object.fromEntries(
          siteConfig.appSettings.map((s) => [s.name, rewrite(String(plain(s.value)))]),
        );
        const appName = String(webApp.inputs.name);
        apps.set(appName, LoadedFunctionApp.load(appName, source.path, settings));
      }

      // API Management: operations → policy backend → backend URL → function app.
      const appByHost = new Map([...apps.values()].map((a) => [`https://${a.name}.azurewebsites.net`, a]));
      const backendApp = new Map(
        of(T.backend).map((b) => [String(b.inputs.backendId), appByHost.get(String(b.inputs.url))!]),
      );
      const policies = new Map(
        of(T.policy).map((p) => [p.name.replace(/-policy$/, ''), String(p.inputs.value)]),
      );
      const operations: Operation[] = of(T.operation).map((o) => {
        const backendId = /backend-id="([^"]+)"/.exec(policies.get(o.name) ?? '')?.[1];
        const app = backendId ? backendApp.get(backendId) : undefined;
        if (!app) throw new Error(`harness: operation ${o.name} reaches no function app`);
        return {
          method: String(o.inputs.method),
          segments: split(String(o.inputs.urlTemplate)),
          app,
          ...(validateJwtOf(policies.get(o.name) ?? '') ?? {}),
        };
      });

      // The Functions host's queue triggers, with the app's host.json queue settings.
      const consumers: QueueConsumer[] = [...apps.values()].flatMap((app) => {
        const settings = ((app.hostJson.extensions as Record<string, unknown>)?.queues ?? {}) as {
          batchSize?: number;
          maxDequeueCount?: number;
          messageEncoding?: string;
        };
        const triggers = app.byTrigger('queueTrigger');
        if (triggers.length > 0 && settings.messageEncoding !== 'none')
          throw new Error(
            `harness: ${app.name} host.json must read queue messages raw (messageEncoding none)`,
          );
        return triggers.map((registration) => ({
          app,
          registration,
          queueName: String(registration.trigger.queueName),
          batchSize: settings.batchSize ?? 16,
          maxDequeueCount: settings.maxDequeueCount ?? 5,
        }));
      });

      const destination = (r: CapturedResource) => {
        const d = (r.inputs.deliveryWithResourceIdentity as { destination: { queueName: string } })
          .destination;
        return d.queueName;
      };
      const topicDeliveries: Delivery[] = of(T.eventSubscription).map((s) => ({
        source: topicNameById.get(String(s.inputs.scope)) ?? '',
        queueName: destination(s),
      }));
      const blobDeliveries: Delivery[] = of(T.systemSubscription).map((s) => {
        const filter = s.inputs.filter as {
          includedEventTypes: string[];
          subjectBeginsWith?: string;
          subjectEndsWith?: string;
        };
        return {
          source: dataName,
          queueName: destination(s),
          eventTypes: filter.includedEventTypes,
          subjectBeginsWith: filter.subjectBeginsWith,
          subjectEndsWith: filter.subjectEndsWith,
        };
      });
      const secrets = new Map(
        of(T.secret).map((s) => [
          String(s.inputs.secretName),
          String(plain((s.inputs.properties as { value: unknown }).value)),
        ]),
      );
      const app = new AzureFunctionsApp(
        resources,
        apps,
        azurite,
        operations,
        consumers,
        topicDeliveries,
        blobDeliveries,
        secrets,
        dataContainers,
      );
      app.server = services;
      ref.app = app;
      return app;
    } catch (error) {
      services?.close();
      await azurite.stop();
      throw error;
    }
  }

  private queueClient(name: string): QueueClient {
    return new QueueServiceClient(
      this.azurite.queueEndpoint,
      new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY),
    ).getQueueClient(name);
  }

  /** The harness's Event Grid topic endpoints and Key Vault. */
  private async serve(method: string, url: string, body: Buffer): Promise<{ status: number; body: string }> {
    const topic = /^\/topics\/([^/]+)\/api\/events$/.exec(url.split('?')[0]);
    if (topic && method === 'POST') {
      const events = JSON.parse(body.toString('utf8')) as unknown[];
      for (const d of this.topicDeliveries.filter((x) => x.source === topic[1]))
        for (const event of events) await this.queueClient(d.queueName).sendMessage(JSON.stringify(event));
      return { status: 200, body: '' };
    }
    const secret = /^\/vault\/secrets\/([^/?]+)/.exec(url);
    if (secret && method === 'GET') {
      const value = this.secrets.get(decodeURIComponent(secret[1]));
      return value === undefined
        ? { status: 404, body: JSON.stringify({ error: { code: 'SecretNotFound' } }) }
        : { status: 200, body: JSON.stringify({ value, id: url }) };
    }
    return { status: 404, body: '{}' };
  }

  async fetch(
    method: string,
    path: string,
    init: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<ConformanceResponse> {
    const [pathname] = path.split('?');
    const segments = split(pathname);
    const operation = this.operations.find(
      (o) =>
        o.method === method &&
        matchTemplate(
          o.segments.map((s) => (s === '*' ? '{*rest}' : s)),
          segments,
        ),
    );
    if (!operation)
      return this.respond(
        new Response(JSON.stringify({ statusCode: 404, message: 'Resource not found' }), { status: 404 }),
      );
    // API Management's validate-jwt, played: OpenID discovery, then the token checked before the backend.
    if (operation.jwt) {
      const discovery = (await (await fetch(operation.jwt.openIdConfig)).json()) as { jwks_uri: string };
      const lowered = Object.fromEntries(
        Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const outcome = await authenticate(
        lowered,
        { issuer: operation.jwt.issuers[0], audience: operation.jwt.audiences, jwksUrl: discovery.jwks_uri },
        [],
      );
      if (!outcome.ok) {
        const refused = authFailure(outcome);
        return this.respond(new Response(refused.body, { status: refused.status, headers: refused.headers }));
      }
    }
    // The Functions host: the HTTP trigger whose method and route template match.
    const app = operation.app;
    let found: { registration: Registration; params: Record<string, string> } | undefined;
    for (const registration of app.byTrigger('httpTrigger')) {
      const methods = (registration.trigger.methods as string[]) ?? [];
      const params = matchTemplate(split(String(registration.trigger.route)), segments);
      if (params && methods.includes(method)) found = { registration, params };
    }
    if (!found) return this.respond(new Response('', { status: 404 }));
    const body = typeof init.body === 'string' ? new TextEncoder().encode(init.body) : init.body;
    const headers = Object.fromEntries(
      Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const response = await app.invokeHttp(found.registration, {
      method,
      pathAndQuery: path,
      host: `${app.name}.azurewebsites.net`,
      headers,
      params: found.params,
      body,
    });
    return this.respond(response);
  }

  private async respond(response: Response): Promise<ConformanceResponse> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name.toLowerCase() !== 'set-cookie') headers[name.toLowerCase()] = value;
    });
    return {
      status: response.status,
      headers,
      cookies: response.headers.getSetCookie(),
      bytes,
      text,
      json: () => JSON.parse(text),
    };
  }

  /** Event Grid's blob system topic: the created and deleted blobs since the last look, into the subscribed queues. */
  private async notifyObjectChanges(): Promise<number> {
    let sent = 0;
    const blobs = new BlobServiceClient(
      this.azurite.blobEndpoint,
      new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY),
    );
    for (const container of this.dataContainers) {
      const now = new Map<string, { etag: string; size: number; contentType?: string }>();
      for await (const b of blobs.getContainerClient(container).listBlobsFlat())
        now.set(b.name, {
          etag: b.properties.etag ?? '',
          size: b.properties.contentLength ?? 0,
          contentType: b.properties.contentType,
        });
      const before = this.objects.get(container) ?? new Map<string, string>();
      const events: { type: string; key: string; size?: number; contentType?: string }[] = [];
      for (const [key, o] of now)
        if (before.get(key) !== o.etag)
          events.push({
            type: 'Microsoft.Storage.BlobCreated',
            key,
            size: o.size,
            contentType: o.contentType,
          });
      for (const key of before.keys())
        if (!now.has(key)) events.push({ type: 'Microsoft.Storage.BlobDeleted', key });
      this.objects.set(container, new Map([...now].map(([k, o]) => [k, o.etag])));
      for (const e of events) {
        const subject = `/blobServices/default/containers/${container}/blobs/${e.key}`;
        for (const d of this.blobDeliveries) {
          if (d.eventTypes && !d.eventTypes.includes(e.type)) continue;
          if (d.subjectBeginsWith !== undefined && !subject.startsWith(d.subjectBeginsWith)) continue;
          if (d.subjectEndsWith !== undefined && !subject.endsWith(d.subjectEndsWith)) continue;
          await this.queueClient(d.queueName).sendMessage(
            JSON.stringify({
              id: `${container}/${e.key}/${Date.now()}`,
              topic: `/subscriptions/harness/resourceGroups/harness/providers/Microsoft.Storage/storageAccounts/${d.source}`,
              subject,
              eventType: e.type,
              eventTime: new Date().toISOString(),
              data: {
                api: e.type.endsWith('Created') ? 'PutBlob' : 'DeleteBlob',
                ...(e.size !== undefined
                  ? { contentLength: e.size, contentType: e.contentType, blobType: 'BlockBlob' }
                  : {}),
                url: `https://${d.source}.blob.core.windows.net/${container}/${encodeURIComponent(e.key)}`,
              },
              dataVersion: '',
              metadataVersion: '1',
            }),
          );
          sent++;
        }
      }
    }
    return sent;
  }

  /** One poll of one queue trigger, as the host runs it: a batch in parallel, retries, poison. */
  private async pollOnce(consumer: QueueConsumer): Promise<number> {
    const queue = this.queueClient(consumer.queueName);
    const { receivedMessageItems } = await queue.receiveMessages({
      numberOfMessages: Math.min(consumer.batchSize, 32),
      visibilityTimeout: 60,
    });
    await Promise.all(
      receivedMessageItems.map(async (m) => {
        const poison = async () => {
          await this.queueClient(`${consumer.queueName}-poison`).sendMessage(m.messageText);
          await queue.deleteMessage(m.messageId, m.popReceipt);
        };
        if (m.dequeueCount > consumer.maxDequeueCount) return poison();
        try {
          await consumer.app.invoke(consumer.registration, {
            triggerMetadata: {
              DequeueCount: { json: String(m.dequeueCount) },
              Id: { string: m.messageId },
              PopReceipt: { string: m.popReceipt },
              InsertionTime: { string: m.insertedOn.toISOString() },
            },
            data: { string: m.messageText },
          });
          await queue.deleteMessage(m.messageId, m.popReceipt);
        } catch {
          if (m.dequeueCount >= consumer.maxDequeueCount) await poison();
          else await queue.updateMessage(m.messageId, m.popReceipt, undefined, 0);
        }
      }),
    );
    return receivedMessageItems.length;
  }

  async drain(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      let work = await this.notifyObjectChanges();
      for (const consumer of this.consumers) work += await this.pollOnce(consumer);
      if (work === 0) return;
      if (Date.now() > deadline) throw new Error('harness: queues did not settle in 60 s');
    }
  }

  async deadLetters(queueId: string): Promise<unknown[]> {
    const queue = this.resources.find(
      (r) => r.type === T.queue && r.name.endsWith(`/${queueId}/queue-poison`),
    );
    if (!queue) throw new Error(`harness: no poison queue for ${queueId}`);
    const peeked = await this.queueClient(String(queue.inputs.queueName)).peekMessages({
      numberOfMessages: 32,
    });
    return peeked.peekedMessageItems.map((m) => JSON.parse(m.messageText));
  }

  async fireSchedule(scheduleId: string, time: string): Promise<void> {
    for (const app of this.apps.values()) {
      const triggers = JSON.parse(app.settings.ANYCLOUD_TRIGGERS ?? '{}') as {
        timers?: { schedule: string; matchers: { id: string }[] }[];
      };
      const timer = triggers.timers?.find((t) => t.matchers.some((m) => m.id === scheduleId));
      if (!timer) continue;
      const registration = app.byTrigger('timerTrigger').find((r) => r.trigger.schedule === timer.schedule);
      if (!registration) throw new Error(`harness: ${app.name} registered no timer ${timer.schedule}`);
      const now = Date.now;
      Date.now = () => Date.parse(time);
      try {
        await app.invoke(registration, {
          triggerMetadata: {},
          data: { json: JSON.stringify({ Schedule: {}, IsPastDue: false }) },
        });
      } finally {
        Date.now = now;
      }
      await this.drain(); // the firing goes through the function's schedule queue
      return;
    }
    throw new Error(`harness: no timer runs schedule ${scheduleId}`);
  }

  async dispose(): Promise<void> {
    for (const app of this.apps.values()) await app.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.azurite.stop();
  }
}
