import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import type { App } from 'anycloud';
import {
  captureGcp,
  SYNTH_PROJECT,
  synthFunctionUri,
  type GcpSynthOptions,
} from '../../../providers/gcp/synth';
import { CapturedSecret, type CapturedResource } from '../../../providers/shared/pulumi-document';
import type { ConformanceResponse, ConformanceRunner } from '../../conformance/runner';
import { accepts, freePort } from '../../support/ports';
import { startFirestoreEmulator, startPubSubEmulator, type GcloudEmulator } from './gcloud-emulator';
import { startGcsFake, type GcsFake } from './gcs-fake';
import { PubSubRest } from './pubsub-rest';
import { authenticate, authFailure } from 'anycloud/runtime/host';
import { USERINFO_HEADER } from '../../../providers/gcp/runtime/function-settings';

const T = {
  function: 'gcp:cloudfunctionsv2/function:Function',
  object: 'gcp:storage/bucketObject:BucketObject',
  bucket: 'gcp:storage/bucket:Bucket',
  notification: 'gcp:storage/notification:Notification',
  topic: 'gcp:pubsub/topic:Topic',
  subscription: 'gcp:pubsub/subscription:Subscription',
  config: 'gcp:apigateway/apiConfig:ApiConfig',
  secret: 'gcp:secretmanager/secret:Secret',
  version: 'gcp:secretmanager/secretVersion:SecretVersion',
  job: 'gcp:cloudscheduler/job:Job',
} as const;

const FUNCTIONS_FRAMEWORK = join(
  __dirname,
  '..',
  '..',
  '..',
  'node_modules',
  '@google-cloud',
  'functions-framework',
  'build',
  'src',
  'main.js',
);

const plain = (value: unknown): unknown => (value instanceof CapturedSecret ? value.value : value);

/** One function served by the real Functions Framework in its own process. */
export interface ServedFunction {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  output: string;
}

/** An API Gateway operation as the OpenAPI document declares it. */
interface Operation {
  readonly method: string;
  readonly pattern: RegExp;
  readonly backend: string;
  /** The JWT security definition guarding it, if any. */
  readonly jwt?: { readonly issuer: string; readonly audience: string[]; readonly jwksUrl: string };
}

/** An operation of the OpenAPI document, as the harness reads it. */
interface OpenApiOperation {
  readonly 'x-google-backend': { readonly address: string; readonly path_translation: string };
  readonly security?: readonly Record<string, unknown>[];
}

/** A JWT security definition of the OpenAPI document (Google's extensions). */
interface JwtSecurity {
  readonly 'x-google-issuer': string;
  readonly 'x-google-jwks_uri': string;
  readonly 'x-google-audiences': string;
}

/** A push subscription as declared, played by the harness (pull from the emulator, POST the envelope). */
interface PushSubscription {
  readonly name: string;
  readonly endpoint: string;
  readonly maxDeliveryAttempts: number;
  readonly deadLetterTopic: string;
}

/** An object notification as declared: bucket, event types, prefix, topic. */
interface Notification {
  readonly bucket: string;
  readonly eventTypes: readonly string[];
  readonly prefix?: string;
  readonly topic: string;
}

/** An API Gateway path template (`/a/{b}/{c=**}`) as a regular expression, as the gateway matches. */
function templatePattern(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) =>
      /^\{[^}=]+=\*\*\}$/.test(segment)
        ? '.*'
        : /^\{[^}]+\}$/.test(segment)
          ? '[^/]+'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source.replace(/\/\.\*$/, '(?:/.*)?')}/?$`);
}

/**
 * The conformance app on the GCP runtime: each function's real package served by the real
 * Functions Framework (one process each, the environment the Pulumi program gives it); Firestore
 * and Pub/Sub are Google's emulators; Cloud Storage is a fake of its JSON API. Played from the
 * declared resources: API Gateway (from the OpenAPI document), Pub/Sub push delivery with its
 * delivery attempts and dead-lettering (from the subscriptions), Cloud Storage notifications,
 * Cloud Scheduler and Secret Manager.
 */
export class GcpFunctionsApp implements ConformanceRunner {
  private readonly attempts = new Map<string, number>();
  private readonly publishTimes = new Map<string, string>();
  private objects = new Map<string, Map<string, string>>();

  private constructor(
    private readonly resources: readonly CapturedResource[],
    private readonly functions: readonly ServedFunction[],
    private readonly operations: readonly Operation[],
    private readonly pushes: readonly PushSubscription[],
    private readonly notifications: readonly Notification[],
    private readonly pubsub: PubSubRest,
    private readonly storage: Storage,
    private readonly stops: (() => Promise<void>)[],
  ) {}

  static async deploy(app: App, options: GcpSynthOptions = {}): Promise<GcpFunctionsApp> {
    const { resources } = await captureGcp(app, options);
    const of = (type: string) => resources.filter((r) => r.type === type);
    const byId = (id: unknown) => resources.find((r) => `${r.name}-id` === id);
    const stops: (() => Promise<void>)[] = [];
    const stopAll = async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    };
    try {
      const [firestore, pubsubEmulator, gcs] = await Promise.all([
        startFirestoreEmulator(),
        startPubSubEmulator(),
        startGcsFake(),
      ]);
      stops.push(
        () => firestore.stop(),
        () => pubsubEmulator.stop(),
        () => gcs.close(),
      );

      // Secret Manager, played: the latest version of each declared secret.
      const secrets = new Map(
        of(T.version).map((v) => [
          String(byId(v.inputs.secret)?.inputs.secretId),
          String(plain(v.inputs.secretData)),
        ]),
      );
      const secretServer = http.createServer((req, res) => {
        const id = /\/secrets\/([^/]+)\/versions\/latest:access$/.exec(req.url ?? '')?.[1];
        const value = id === undefined ? undefined : secrets.get(id);
        if (value === undefined) return void res.writeHead(404).end('{"error":{"code":404}}');
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ name: req.url, payload: { data: Buffer.from(value).toString('base64') } }));
      });
      await new Promise<void>((resolve) => secretServer.listen(0, '127.0.0.1', resolve));
      stops.push(() => new Promise<void>((resolve) => secretServer.close(() => resolve())));

      // Pub/Sub: the declared topics, and a pull subscription named as each declared subscription.
      const pubsub = new PubSubRest(pubsubEmulator.host, SYNTH_PROJECT);
      const topicName = (id: unknown) => String(byId(id)?.inputs.name);
      for (const t of of(T.topic)) await pubsub.createTopic(String(t.inputs.name));
      for (const s of of(T.subscription))
        await pubsub.createSubscription(String(s.inputs.name), topicName(s.inputs.topic));

      // Cloud Storage: the declared buckets in the fake.
      const storage = new Storage({ apiEndpoint: gcs.endpoint, projectId: SYNTH_PROJECT });
      for (const b of of(T.bucket)) gcs.createBucket(String(b.inputs.name));

      // Each function's package under the real Functions Framework, with the program's environment.
      const functions = await Promise.all(
        of(T.function).map(async (fn) => {
          const path = fn.name.replace(/\/function$/, '');
          const source = resources.find((r) => r.name === `${path}/source`)?.inputs.source as {
            path: string;
          };
          const env = (fn.inputs.serviceConfig as { environmentVariables: Record<string, unknown> })
            .environmentVariables;
          const served = await serveFunction(String(fn.inputs.name), source.path, {
            ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(plain(v))])),
            FIRESTORE_EMULATOR_HOST: firestore.host,
            PUBSUB_EMULATOR_HOST: pubsubEmulator.host,
            STORAGE_EMULATOR_HOST: gcs.endpoint,
            SECRET_MANAGER_EMULATOR_HOST: `127.0.0.1:${(secretServer.address() as AddressInfo).port}`,
            GOOGLE_CLOUD_PROJECT: SYNTH_PROJECT,
          });
          stops.push(() => stopFunction(served));
          return served;
        }),
      );
      const local = new Map(functions.map((f) => [synthFunctionUri(f.name), f.url]));
      const localUrl = (uri: string) => {
        const found = [...local].find(([remote]) => uri.startsWith(remote));
        if (!found) throw new Error(`harness: no function serves ${uri}`);
        return found[1] + uri.slice(found[0].length);
      };

      // API Gateway, played from the OpenAPI document of each config.
      const operations: Operation[] = of(T.config).flatMap((config) => {
        const [{ document }] = config.inputs.openapiDocuments as { document: { contents: string } }[];
        const openapi = JSON.parse(Buffer.from(document.contents, 'base64').toString('utf8')) as {
          securityDefinitions?: Record<string, JwtSecurity>;
          paths: Record<string, Record<string, OpenApiOperation>>;
        };
        return Object.entries(openapi.paths).flatMap(([template, methods]) =>
          Object.entries(methods).map(([method, op]) => {
            if (op['x-google-backend'].path_translation !== 'APPEND_PATH_TO_ADDRESS')
              throw new Error(`harness: ${template} does not append the path to the backend address`);
            const scheme = op.security?.[0] && Object.keys(op.security[0])[0];
            const definition = scheme ? openapi.securityDefinitions?.[scheme] : undefined;
            return {
              method: method.toUpperCase(),
              pattern: templatePattern(template),
              backend: localUrl(op['x-google-backend'].address),
              ...(definition
                ? {
                    jwt: {
                      issuer: definition['x-google-issuer'],
                      audience: definition['x-google-audiences'].split(','),
                      jwksUrl: definition['x-google-jwks_uri'],
                    },
                  }
                : {}),
            };
          }),
        );
      });

      const pushes: PushSubscription[] = of(T.subscription)
        .filter((s) => s.inputs.pushConfig)
        .map((s) => {
          const policy = s.inputs.deadLetterPolicy as {
            deadLetterTopic: string;
            maxDeliveryAttempts: number;
          };
          return {
            name: String(s.inputs.name),
            endpoint: localUrl(String((s.inputs.pushConfig as { pushEndpoint: string }).pushEndpoint)),
            maxDeliveryAttempts: policy.maxDeliveryAttempts,
            deadLetterTopic: topicName(policy.deadLetterTopic),
          };
        });
      const notifications: Notification[] = of(T.notification).map((n) => ({
        bucket: String(n.inputs.bucket),
        eventTypes: n.inputs.eventTypes as string[],
        prefix: n.inputs.objectNamePrefix as string | undefined,
        topic: topicName(n.inputs.topic),
      }));
      const harness = new GcpFunctionsApp(
        resources,
        functions,
        operations,
        pushes,
        notifications,
        pubsub,
        storage,
        stops,
      );
      harness.objects = await harness.snapshotBuckets();
      return harness;
    } catch (error) {
      await stopAll();
      throw error;
    }
  }

  async fetch(
    method: string,
    path: string,
    init: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<ConformanceResponse> {
    const pathname = path.split('?')[0];
    const op = this.operations.find((o) => o.method === method && o.pattern.test(pathname));
    if (!op) {
      const body = JSON.stringify({ code: 404, message: 'The current request is not defined by this API.' });
      const bytes = new TextEncoder().encode(body);
      return {
        status: 404,
        headers: { 'content-type': 'application/json' },
        cookies: [],
        bytes,
        text: body,
        json: () => JSON.parse(body),
      };
    }
    // API Gateway's JWT check, played: a bad token never reaches the function; a good one's claims go on.
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
    delete headers[USERINFO_HEADER];
    if (op.jwt) {
      const outcome = await authenticate(headers, op.jwt, []);
      if (!outcome.ok) {
        const refused = authFailure(outcome);
        const bytes = new TextEncoder().encode(refused.body);
        return {
          status: refused.status,
          headers: refused.headers,
          cookies: [],
          bytes,
          text: refused.body,
          json: () => JSON.parse(refused.body),
        };
      }
      headers[USERINFO_HEADER] = Buffer.from(JSON.stringify(outcome.auth.claims)).toString('base64url');
    }
    const response = await fetch(op.backend + path, {
      method,
      headers,
      body: init.body as string | undefined,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const answered: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') answered[name] = value;
    });
    const text = new TextDecoder().decode(bytes);
    return {
      status: response.status,
      headers: answered,
      cookies: response.headers.getSetCookie(),
      bytes,
      text,
      json: () => JSON.parse(text),
    };
  }

  /** The objects of every declared bucket: bucket → key → generation and size. */
  private async snapshotBuckets(): Promise<Map<string, Map<string, string>>> {
    const snapshot = new Map<string, Map<string, string>>();
    for (const b of this.resources.filter((r) => r.type === T.bucket)) {
      const name = String(b.inputs.name);
      const [files] = await this.storage.bucket(name).getFiles();
      snapshot.set(name, new Map(files.map((f) => [f.name, JSON.stringify(f.metadata)])));
    }
    return snapshot;
  }

  /** Cloud Storage notifications, played: publishes what changed since the last look into the notification topics. */
  private async notifyObjectChanges(): Promise<number> {
    const now = await this.snapshotBuckets();
    let sent = 0;
    for (const [bucket, objects] of now) {
      const before = this.objects.get(bucket) ?? new Map<string, string>();
      const events: { type: string; key: string; metadata: Record<string, unknown> }[] = [];
      for (const [key, metadata] of objects)
        if (before.get(key) !== metadata)
          events.push({ type: 'OBJECT_FINALIZE', key, metadata: JSON.parse(metadata) });
      for (const [key, metadata] of before)
        if (!objects.has(key)) events.push({ type: 'OBJECT_DELETE', key, metadata: JSON.parse(metadata) });
      for (const e of events)
        for (const n of this.notifications) {
          if (n.bucket !== bucket || !n.eventTypes.includes(e.type)) continue;
          if (n.prefix !== undefined && !e.key.startsWith(n.prefix)) continue;
          await this.pubsub.publish(n.topic, Buffer.from(JSON.stringify(e.metadata)).toString('base64'), {
            notificationConfig: `projects/_/buckets/${bucket}/notificationConfigs/1`,
            eventType: e.type,
            payloadFormat: 'JSON_API_V1',
            bucketId: bucket,
            objectId: e.key,
            objectGeneration: String(e.metadata.generation ?? '1'),
            eventTime: new Date().toISOString(),
          });
          sent++;
        }
    }
    this.objects = now;
    return sent;
  }

  async drain(): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      let work = await this.notifyObjectChanges();
      for (const push of this.pushes) work += await this.deliver(push);
      if (work === 0) return;
      if (Date.now() > deadline) throw new Error('harness: Pub/Sub did not settle in 120 s');
    }
  }

  /** One round of push delivery on one subscription: every pending message once, in parallel, as Pub/Sub pushes. */
  private async deliver(push: PushSubscription): Promise<number> {
    const pulled = await this.pubsub.pull(push.name);
    await Promise.all(
      pulled.map(async ({ ackId, message }) => {
        const attempt = (this.attempts.get(message.messageId) ?? 0) + 1;
        this.attempts.set(message.messageId, attempt);
        const envelope = {
          message: {
            ...message,
            publishTime: this.publishTimes.get(message.messageId) ?? message.publishTime,
          },
          subscription: `projects/${SYNTH_PROJECT}/subscriptions/${push.name}`,
          deliveryAttempt: attempt,
        };
        const response = await fetch(push.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
        });
        await response.arrayBuffer();
        if (response.ok) return this.pubsub.ack(push.name, [ackId]);
        if (attempt >= push.maxDeliveryAttempts) {
          await this.pubsub.publish(push.deadLetterTopic, message.data ?? '', message.attributes);
          return this.pubsub.ack(push.name, [ackId]);
        }
        return this.pubsub.nack(push.name, [ackId]);
      }),
    );
    return pulled.length;
  }

  async deadLetters(queueId: string): Promise<unknown[]> {
    const dlq = this.resources.find(
      (r) => r.type === T.subscription && r.name.endsWith(`/${queueId}/consumer-dlq-subscription`),
    );
    if (!dlq) throw new Error(`harness: no dead-letter subscription for ${queueId}`);
    const name = String(dlq.inputs.name);
    const pulled = await this.pubsub.pull(name);
    await this.pubsub.nack(
      name,
      pulled.map((p) => p.ackId),
    );
    return pulled.map((p) => JSON.parse(Buffer.from(p.message.data ?? '', 'base64').toString('utf8')));
  }

  /** Cloud Scheduler, played: the job publishes its data to its topic at `time`. */
  async fireSchedule(scheduleId: string, time: string): Promise<void> {
    const job = this.resources.find((r) => r.type === T.job && r.name.endsWith(`/${scheduleId}/job`));
    if (!job) throw new Error(`harness: no Cloud Scheduler job for ${scheduleId}`);
    const target = job.inputs.pubsubTarget as { topicName: string; data: string };
    const topic = this.resources.find((r) => `${r.name}-id` === target.topicName);
    const id = await this.pubsub.publish(String(topic?.inputs.name), target.data);
    this.publishTimes.set(id, time);
    await this.drain();
  }

  async dispose(): Promise<void> {
    for (const stop of this.stops.reverse()) await stop().catch(() => undefined);
    void this.functions;
  }
}

/** Starts the Functions Framework on a free port with `dir` as its source and `env` added. */
export async function serveFunction(
  name: string,
  dir: string,
  env: Record<string, string>,
): Promise<ServedFunction> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [FUNCTIONS_FRAMEWORK, '--target=anycloud', '--signature-type=http', `--source=${dir}`, `--port=${port}`],
    {
      // NODE_PATH: packages built outside the repository find the Functions Framework, as Cloud Build installs it.
      env: {
        ...process.env,
        ...env,
        NODE_ENV: 'production',
        NODE_PATH: join(__dirname, '..', '..', '..', 'node_modules'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const served: ServedFunction = {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    exited: new Promise<void>((resolve) => child.once('exit', () => resolve())),
    output: '',
  };
  child.stdout?.on('data', (d: Buffer) => (served.output += String(d)));
  child.stderr?.on('data', (d: Buffer) => (served.output += String(d)));
  const deadline = Date.now() + 30_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`harness: ${name} exited: ${served.output}`);
    if (Date.now() > deadline) throw new Error(`harness: ${name} did not listen in 30 s: ${served.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return served;
}

/** Stops a served function by its PID and waits for it to exit. */
export async function stopFunction(served: ServedFunction): Promise<void> {
  if (served.child.exitCode === null && served.child.signalCode === null) served.child.kill('SIGTERM');
  await served.exited;
}

export type { GcloudEmulator, GcsFake };
