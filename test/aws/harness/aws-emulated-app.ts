import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';
import { App as CdkApp, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { App, Queue } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { AwsStack } from 'anycloud/aws';
import type { ConformanceResponse, ConformanceRunner } from '../../conformance/runner';
import { resolveIntrinsics, type DeployedValues } from './cfn-resolver';
import type { Emulators } from './emulators';
import { withCdkValidation } from '../stack';
import { runWithEnvironment } from './function-environment';
import type { IamStatement } from './iam-policy';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';
import { authorizationsOf, type IamAuthorization } from './sdk-request-actions';
import { authenticate, authFailure } from 'anycloud/runtime/host';

type Resource = { Type: string; Properties: Record<string, unknown> };
type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

interface DeployedFunction {
  readonly logicalId: string;
  /** Construct path of the anycloud function. */
  readonly path: string;
  /** Logical id of its execution role. */
  readonly roleId: string;
  /** Its environment variables, plus the AWS endpoints of its own recording proxy. */
  environment: Record<string, string>;
  readonly bundleDir: string;
  readonly retries: number;
  readonly deadLetterQueueUrl?: string;
  handler?: LambdaHandler;
  proxy?: RecordingProxy;
}

/**
 * An AWS API call made with a function's role: by its code (an SDK request its runtime client
 * sent, seen by its recording proxy) or by the platform on its behalf (the Lambda SQS poller,
 * Lambda's asynchronous dead-letter queue), with the IAM authorization it needs.
 */
export interface IamCall extends IamAuthorization {
  /** Construct path of the function whose role is used. */
  readonly function: string;
  readonly by: 'code' | 'platform';
}

interface Route {
  readonly method: string;
  readonly segments: string[];
  readonly routeKey: string;
  readonly functionId: string;
  /** The JWT authorizer of a protected route, and the scopes the route requires. */
  readonly jwt?: { readonly issuer: string; readonly audience: string[]; readonly scopes: string[] };
}

/** Options of the emulated account. */
export interface AwsEmulatedAppOptions {
  /** Secret values by secret construct id, as `aws secretsmanager put-secret-value` would set them. */
  readonly secrets?: Readonly<Record<string, string>>;
}

const TEXTUAL = /^(text\/|application\/(json|xml|x-www-form-urlencoded))/;

/**
 * An emulated AWS account for one anycloud app: it synthesizes the app with the real AWS
 * adapter, "deploys" the template's tables, buckets, queues and topics into dynalite,
 * s3rver and fauxqs, loads each function's real esbuild bundle, and plays the parts of
 * the managed services that have no emulator here, following their documented behaviour:
 * API Gateway (routing, payload 2.0), the Lambda SQS poller (batches, partial batch
 * failure, redrive), SNS → Lambda and EventBridge → Lambda async invocation (retries, then
 * the function's dead-letter queue), and EventBridge Scheduler.
 */
export class AwsEmulatedApp implements ConformanceRunner {
  private readonly template: { Resources: Record<string, Resource> };
  private readonly deployed: DeployedValues = { ref: {}, attributes: {} };
  private readonly functions = new Map<string, DeployedFunction>();
  private readonly routes: Route[] = [];
  private readonly mappings: { queueUrl: string; functionId: string; batchSize: number }[] = [];
  private readonly subscriptions: { queueUrl: string; topicArn: string; functionId: string }[] = [];
  private readonly pendingS3Events: {
    type: 'Object Created' | 'Object Deleted';
    bucket: string;
    key: string;
    size?: number;
  }[] = [];
  private readonly sqs: SQSClient;
  private readonly stack: AwsStack;
  /** Every AWS call made with a function's role, in order. */
  readonly calls: IamCall[] = [];
  private secretsManager?: Server;

  private constructor(
    private readonly app: App,
    private readonly emulators: Emulators,
  ) {
    const config = { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
    this.sqs = new SQSClient({ ...config, endpoint: emulators.sqs });
    this.stack = withCdkValidation(false, () => new AwsStack(new CdkApp(), 'Emulated', { app }));
    this.template = withCdkValidation(false, () => Template.fromStack(this.stack).toJSON() as never);
    emulators.s3Events.on(
      'event',
      (event: {
        Records: {
          eventName: string;
          s3: { bucket: { name: string }; object: { key: string; size?: number } };
        }[];
      }) => {
        for (const r of event.Records) {
          this.pendingS3Events.push({
            type: r.eventName.startsWith('ObjectCreated') ? 'Object Created' : 'Object Deleted',
            bucket: r.s3.bucket.name,
            key: r.s3.object.key,
            size: r.s3.object.size,
          });
        }
      },
    );
  }

  /** Synthesizes and "deploys" `app` into the emulators. */
  static async deploy(
    app: App,
    emulators: Emulators,
    options: AwsEmulatedAppOptions = {},
  ): Promise<AwsEmulatedApp> {
    const env = new AwsEmulatedApp(app, emulators);
    await env.createResources();
    env.wire();
    try {
      await env.startSecretsManager(options.secrets ?? {});
      await env.startProxies();
      await env.createEventSourceMappings();
    } catch (error) {
      await env.close();
      throw error;
    }
    return env;
  }

  /** Stops the functions' recording proxies (the emulators are the caller's). */
  async close(): Promise<void> {
    for (const fn of this.functions.values()) await fn.proxy?.close();
    const server = this.secretsManager;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Secrets Manager, played (no emulator here): GetSecretValue of the app's secrets, by ARN or
   * name, with the values of `secrets` (by construct id); a secret without one is not found.
   */
  private async startSecretsManager(secrets: Readonly<Record<string, string>>): Promise<void> {
    const values = new Map<string, { arn: string; name: string; value: string }>();
    for (const secret of resourcesOf(this.app, 'secret')) {
      const cfn = this.stack.build.nativeOf(secret).secret.node.defaultChild as CfnResource;
      const logicalId = Stack.of(cfn).resolve(cfn.logicalId) as string;
      const name = (this.template.Resources[logicalId].Properties as { Name: string }).Name;
      const value = secrets[secret.node.id];
      if (value === undefined) continue;
      const entry = { arn: this.deployed.ref[logicalId], name, value };
      values.set(entry.arn, entry).set(name, entry);
    }
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const operation = String(request.headers['x-amz-target'] ?? '');
        const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
          SecretId?: string;
        };
        const found = SecretId === undefined ? undefined : values.get(SecretId);
        const answer = (status: number, body: object) =>
          response
            .writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
            .end(JSON.stringify(body));
        if (operation !== 'secretsmanager.GetSecretValue')
          return answer(400, { __type: 'InvalidRequestException', message: `not played: ${operation}` });
        if (!found)
          return answer(400, {
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          });
        answer(200, {
          ARN: found.arn,
          Name: found.name,
          SecretString: found.value,
          VersionId: '00000000-0000-0000-0000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 0,
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.secretsManager = server;
  }

  /**
   * Gives every function its own endpoint for each AWS service: a proxy that forwards to the
   * emulator and records, with the IAM authorization it needs, each request the function sends.
   */
  private async startProxies(): Promise<void> {
    const upstreams = {
      dynamodb: this.emulators.dynamodb,
      s3: this.emulators.s3,
      sqs: this.emulators.sqs,
      sns: this.emulators.sqs,
      secretsmanager: `http://127.0.0.1:${(this.secretsManager!.address() as AddressInfo).port}`,
    };
    for (const fn of this.functions.values()) {
      fn.proxy = await startRecordingProxy(upstreams, (request) => {
        for (const authorization of authorizationsOf(request, (url) => this.queueArnOf(url)))
          this.calls.push({ function: fn.path, by: 'code', ...authorization });
      });
      fn.environment = {
        ...fn.environment,
        AWS_ENDPOINT_URL_DYNAMODB: fn.proxy.url,
        AWS_ENDPOINT_URL_S3: fn.proxy.url,
        AWS_ENDPOINT_URL_SQS: fn.proxy.url,
        AWS_ENDPOINT_URL_SNS: fn.proxy.url,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: fn.proxy.url,
      };
    }
  }

  /** Lambda reads a queue's attributes with the function's role when the event source mapping is created. */
  private async createEventSourceMappings(): Promise<void> {
    for (const mapping of this.mappings) {
      await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: mapping.queueUrl, AttributeNames: ['All'] }),
      );
      this.platformCall(mapping.functionId, 'sqs:GetQueueAttributes', this.queueArnOf(mapping.queueUrl));
    }
  }

  private platformCall(functionId: string, action: string, resource: string): void {
    this.calls.push({ function: this.functions.get(functionId)!.path, by: 'platform', action, resource });
  }

  /** The ARN of the queue at `queueUrl`; for a URL of no deployed queue, a name no policy allows. */
  private queueArnOf(queueUrl: string): string {
    const found = Object.values(this.deployed.attributes).find((a) => a.QueueUrl === queueUrl);
    return found?.Arn ?? `unknown queue ${queueUrl}`;
  }

  /** ARN of the dead-letter queue of function `path`'s asynchronous invocations, if it has one. */
  deadLetterQueueArnOf(path: string): string | undefined {
    const url = [...this.functions.values()].find((f) => f.path === path)?.deadLetterQueueUrl;
    return url === undefined ? undefined : this.queueArnOf(url);
  }

  /** Construct path → logical id of every function. */
  functionIds(): Map<string, string> {
    return new Map([...this.functions.values()].map((fn) => [fn.path, fn.logicalId]));
  }

  /**
   * The statements of the execution role of function `path`, resolved as deployed: its inline
   * policies and every AWS::IAM::Policy attached to it (anycloud attaches no managed policy;
   * one here is an error, since its statements are not in the template).
   */
  policyOf(path: string): IamStatement[] {
    const fn = [...this.functions.values()].find((f) => f.path === path);
    if (!fn) throw new Error(`harness: no function ${path}`);
    const role = this.template.Resources[fn.roleId].Properties as {
      Policies?: { PolicyDocument: { Statement: unknown[] } }[];
      ManagedPolicyArns?: unknown[];
    };
    if (role.ManagedPolicyArns?.length)
      throw new Error(
        `harness: role of ${path} has managed policies ${JSON.stringify(role.ManagedPolicyArns)}`,
      );
    const documents = [
      ...(role.Policies ?? []).map((p) => p.PolicyDocument),
      ...this.resourcesOfType('AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties.Roles as { Ref?: string }[]).some((r) => r.Ref === fn.roleId))
        .map(([, p]) => p.Properties.PolicyDocument as { Statement: unknown[] }),
    ];
    return documents.flatMap((d) => this.resolve<IamStatement[]>(d.Statement));
  }

  private resourcesOfType(type: string): [string, Resource][] {
    return Object.entries(this.template.Resources).filter(([, r]) => r.Type === type);
  }

  private resolve<T>(value: unknown): T {
    return resolveIntrinsics(value, this.deployed) as T;
  }

  private async createResources(): Promise<void> {
    const config = { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
    const dynamodb = new DynamoDBClient({ ...config, endpoint: this.emulators.dynamodb });
    for (const [id, table] of this.resourcesOfType('AWS::DynamoDB::GlobalTable')) {
      const p = table.Properties as { TableName: string; KeySchema: never; AttributeDefinitions: never };
      await dynamodb.send(
        new CreateTableCommand({
          TableName: p.TableName,
          KeySchema: p.KeySchema,
          AttributeDefinitions: p.AttributeDefinitions,
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      this.deployed.ref[id] = p.TableName;
      this.deployed.attributes[id] = { Arn: `arn:aws:dynamodb:us-east-1:000000000000:table/${p.TableName}` };
    }
    const s3 = new S3Client({ ...config, endpoint: this.emulators.s3, forcePathStyle: true });
    for (const [id] of this.resourcesOfType('AWS::S3::Bucket')) {
      const name = `${id.toLowerCase().slice(0, 40)}-${randomUUID().slice(0, 8)}`;
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      this.deployed.ref[id] = name;
      this.deployed.attributes[id] = { Arn: `arn:aws:s3:::${name}` };
    }
    // Queues without a redrive policy first: they are the dead-letter queues of the others.
    const queues = this.resourcesOfType('AWS::SQS::Queue').sort(
      ([, a], [, b]) => Number(!!a.Properties.RedrivePolicy) - Number(!!b.Properties.RedrivePolicy),
    );
    for (const [id, queue] of queues) {
      const p = queue.Properties as {
        QueueName: string;
        VisibilityTimeout?: number;
        RedrivePolicy?: unknown;
      };
      const attributes: Record<string, string> = {};
      if (p.VisibilityTimeout !== undefined) attributes.VisibilityTimeout = String(p.VisibilityTimeout);
      if (p.RedrivePolicy) attributes.RedrivePolicy = JSON.stringify(this.resolve(p.RedrivePolicy));
      const { QueueUrl } = await this.sqs.send(
        new CreateQueueCommand({ QueueName: p.QueueName, Attributes: attributes }),
      );
      const { Attributes } = await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      this.deployed.ref[id] = QueueUrl!;
      this.deployed.attributes[id] = {
        Arn: Attributes!.QueueArn!,
        QueueUrl: QueueUrl!,
        QueueName: p.QueueName,
      };
    }
    const sns = new SNSClient({ ...config, endpoint: this.emulators.sqs });
    for (const [id, topic] of this.resourcesOfType('AWS::SNS::Topic')) {
      const { TopicArn } = await sns.send(
        new CreateTopicCommand({ Name: (topic.Properties as { TopicName: string }).TopicName }),
      );
      this.deployed.ref[id] = TopicArn!;
      this.deployed.attributes[id] = { TopicArn: TopicArn! };
    }
    for (const [id, fn] of this.resourcesOfType('AWS::Lambda::Function')) {
      const name = (fn.Properties as { FunctionName: string }).FunctionName;
      this.deployed.ref[id] = name;
      this.deployed.attributes[id] = { Arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}` };
    }
    for (const [id, group] of this.resourcesOfType('AWS::Logs::LogGroup')) {
      const name = (group.Properties as { LogGroupName: string }).LogGroupName;
      this.deployed.ref[id] = name;
      this.deployed.attributes[id] = { Arn: `arn:aws:logs:us-east-1:000000000000:log-group:${name}:*` };
    }
    for (const [id, secret] of this.resourcesOfType('AWS::SecretsManager::Secret')) {
      this.deployed.ref[id] =
        `arn:aws:secretsmanager:us-east-1:000000000000:secret:${(secret.Properties as { Name: string }).Name}`;
    }
    // SNS → Lambda subscriptions: each subscriber gets a delivery queue, drained as SNS would invoke Lambda.
    for (const [id, subscription] of this.resourcesOfType('AWS::SNS::Subscription')) {
      const p = subscription.Properties as { Protocol: string; TopicArn: unknown; Endpoint: unknown };
      if (p.Protocol !== 'lambda') continue;
      const { QueueUrl } = await this.sqs.send(
        new CreateQueueCommand({ QueueName: `delivery-${id}`.slice(0, 80) }),
      );
      const { Attributes } = await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      const topicArn = this.resolve<string>(p.TopicArn);
      await sns.send(
        new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn }),
      );
      this.subscriptions.push({ queueUrl: QueueUrl!, topicArn, functionId: this.functionIdOf(p.Endpoint) });
    }
  }

  private functionIdOf(reference: unknown): string {
    const arn = this.resolve<string>(reference);
    const found = Object.entries(this.deployed.attributes).find(
      ([id, a]) => a.Arn === arn && this.template.Resources[id].Type === 'AWS::Lambda::Function',
    );
    if (!found) throw new Error(`harness: no function with ARN ${arn}`);
    return found[0];
  }

  private wire(): void {
    const build = this.stack.build;
    for (const fn of resourcesOf(this.app, 'function')) {
      const cfn = build.nativeOf(fn).function.node.defaultChild as CfnResource;
      const logicalId = Stack.of(cfn).resolve(cfn.logicalId) as string;
      const p = this.template.Resources[logicalId].Properties as {
        Environment: { Variables: Record<string, unknown> };
        DeadLetterConfig?: { TargetArn: unknown };
        Role: { 'Fn::GetAtt': [string, string] };
      };
      const invokeConfig = this.resourcesOfType('AWS::Lambda::EventInvokeConfig').find(
        ([, c]) => (c.Properties.FunctionName as { Ref?: string }).Ref === logicalId,
      );
      const dlqArn = p.DeadLetterConfig ? this.resolve<string>(p.DeadLetterConfig.TargetArn) : undefined;
      const dlq = Object.values(this.deployed.attributes).find((a) => a.Arn === dlqArn);
      this.functions.set(logicalId, {
        logicalId,
        path: fn.node.path,
        roleId: p.Role['Fn::GetAtt'][0],
        environment: this.resolve(p.Environment.Variables),
        bundleDir: build.bundleOf(fn).assetDir,
        retries: invokeConfig ? Number(invokeConfig[1].Properties.MaximumRetryAttempts) : 2,
        deadLetterQueueUrl: dlq?.QueueUrl,
      });
    }
    const integrations = Object.fromEntries(
      this.resourcesOfType('AWS::ApiGatewayV2::Integration').map(([id, i]) => [
        id,
        this.functionIdOf(i.Properties.IntegrationUri),
      ]),
    );
    for (const [, route] of this.resourcesOfType('AWS::ApiGatewayV2::Route')) {
      const routeKey = route.Properties.RouteKey as string;
      const [method, path] = routeKey.split(' ');
      const target = route.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integrationId = target['Fn::Join'][1][1].Ref;
      const authorizerId = (route.Properties.AuthorizerId as { Ref?: string } | undefined)?.Ref;
      const authorizer = authorizerId ? this.template.Resources[authorizerId] : undefined;
      const jwtConfig = authorizer?.Properties.JwtConfiguration as
        { Issuer: string; Audience: string[] } | undefined;
      if (authorizer) expect(route.Properties.AuthorizationType).toBe('JWT');
      this.routes.push({
        method,
        segments: path === '/' ? [] : path.slice(1).split('/'),
        routeKey,
        functionId: integrations[integrationId],
        ...(jwtConfig
          ? {
              jwt: {
                issuer: jwtConfig.Issuer,
                audience: jwtConfig.Audience,
                scopes: (route.Properties.AuthorizationScopes as string[] | undefined) ?? [],
              },
            }
          : {}),
      });
    }
    for (const [, mapping] of this.resourcesOfType('AWS::Lambda::EventSourceMapping')) {
      const queueArn = this.resolve<string>(mapping.Properties.EventSourceArn);
      const queue = Object.values(this.deployed.attributes).find((a) => a.Arn === queueArn)!;
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      this.mappings.push({
        queueUrl: queue.QueueUrl,
        functionId: (mapping.Properties.FunctionName as { Ref: string }).Ref,
        batchSize: Number(mapping.Properties.BatchSize ?? 10),
      });
    }
  }

  /** Loads a function's bundle once, with its environment, as Lambda would at cold start. */
  private async invoke(functionId: string, event: unknown): Promise<unknown> {
    const fn = this.functions.get(functionId);
    if (!fn) throw new Error(`harness: unknown function ${functionId}`);
    return runWithEnvironment(fn.environment, () => {
      if (!fn.handler)
        jest.isolateModules(() => {
          fn.handler = (require(join(fn.bundleDir, 'index.js')) as { handler: LambdaHandler }).handler;
        });
      return fn.handler!(event, { awsRequestId: randomUUID(), functionName: fn.logicalId });
    });
  }

  /** Lambda's asynchronous invocation: the first try plus `retries`, then the event goes to the dead-letter queue. */
  private async invokeAsync(functionId: string, event: unknown): Promise<void> {
    const fn = this.functions.get(functionId)!;
    for (let attempt = 0; attempt <= fn.retries; attempt++) {
      try {
        await this.invoke(functionId, event);
        return;
      } catch {
        // retried below
      }
    }
    if (fn.deadLetterQueueUrl) {
      this.platformCall(functionId, 'sqs:SendMessage', this.queueArnOf(fn.deadLetterQueueUrl));
      await this.sqs.send(
        new SendMessageCommand({ QueueUrl: fn.deadLetterQueueUrl, MessageBody: JSON.stringify(event) }),
      );
    }
  }

  private matchRoute(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | undefined {
    const segments = path === '/' ? [] : path.slice(1).split('/');
    const candidates: { route: Route; params: Record<string, string>; score: number }[] = [];
    for (const route of this.routes) {
      if (route.method !== method && route.method !== 'ANY') continue;
      const params: Record<string, string> = {};
      let score = route.method === 'ANY' ? 0 : 1;
      let ok = true;
      for (let i = 0; i < route.segments.length && ok; i++) {
        const s = route.segments[i];
        const greedy = /^\{(.+)\+\}$/.exec(s);
        const param = /^\{(.+)\}$/.exec(s);
        if (greedy) {
          if (segments.length <= i) ok = false;
          else params[greedy[1]] = segments.slice(i).join('/');
          break;
        } else if (param) {
          if (segments[i] === undefined || segments[i] === '') ok = false;
          else params[param[1]] = segments[i];
          score += 10;
        } else {
          ok = segments[i] === s;
          score += 100;
        }
      }
      const greedyRoute = route.segments.some((s) => s.endsWith('+}'));
      if (ok && (greedyRoute || segments.length === route.segments.length))
        candidates.push({ route, params, score: score * (greedyRoute ? 0.5 : 1) });
    }
    candidates.sort((a, b) => b.score - a.score);
    return candidates[0];
  }

  async fetch(
    method: string,
    url: string,
    init: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<ConformanceResponse> {
    const q = url.indexOf('?');
    const [rawPathEncoded, rawQueryString] = q === -1 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
    // API Gateway HTTP APIs hand Lambda the path (and its parameters) URL-decoded.
    const rawPath = decodeURIComponent(rawPathEncoded);
    const match = this.matchRoute(method, rawPath);
    if (!match)
      return response(404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
    const headers: Record<string, string> = { host: 'api.example.com', 'user-agent': 'conformance' };
    for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
    // The JWT authorizer, played: OpenID discovery of the issuer, then the token checked before Lambda runs.
    let authorizer: { jwt: { claims: Record<string, string>; scopes: string[] | null } } | undefined;
    if (match.route.jwt) {
      const { issuer, audience, scopes } = match.route.jwt;
      const discovery = (await (
        await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`)
      ).json()) as {
        jwks_uri: string;
      };
      const outcome = await authenticate(headers, { issuer, audience, jwksUrl: discovery.jwks_uri }, scopes);
      if (!outcome.ok) {
        const refused = authFailure(outcome);
        return response(refused.status, refused.headers, refused.body);
      }
      // API Gateway hands Lambda every claim as a string.
      const claims = Object.fromEntries(
        Object.entries(outcome.auth.claims).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : Array.isArray(v) ? `[${v.join(' ')}]` : String(v),
        ]),
      );
      authorizer = {
        jwt: { claims, scopes: outcome.auth.scopes.length > 0 ? [...outcome.auth.scopes] : null },
      };
    }
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(rawQueryString))
      query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    // API Gateway passes text bodies as they are and base64-encodes the others.
    const textual =
      init.body === undefined ||
      (typeof init.body === 'string' && TEXTUAL.test(headers['content-type'] ?? 'text/plain'));
    const event = {
      version: '2.0',
      routeKey: match.route.routeKey,
      rawPath,
      rawQueryString,
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: Object.keys(match.params).length ? match.params : undefined,
      requestContext: {
        accountId: '000000000000',
        apiId: 'emulated',
        domainName: 'api.example.com',
        http: {
          method,
          path: rawPath,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'conformance',
        },
        requestId: randomUUID(),
        ...(authorizer ? { authorizer } : {}),
        routeKey: match.route.routeKey,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      body:
        init.body === undefined
          ? undefined
          : textual
            ? (init.body as string)
            : Buffer.from(init.body).toString('base64'),
      isBase64Encoded: !textual,
    };
    try {
      const result = (await this.invoke(match.route.functionId, event)) as {
        statusCode: number;
        headers?: Record<string, string>;
        cookies?: string[];
        body?: string;
        isBase64Encoded?: boolean;
      };
      const body =
        result.body === undefined
          ? Buffer.alloc(0)
          : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
      return response(result.statusCode, result.headers ?? {}, body, result.cookies ?? []);
    } catch {
      return response(
        500,
        { 'content-type': 'application/json' },
        JSON.stringify({ message: 'Internal Server Error' }),
      );
    }
  }

  async drain(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      let progress = false;
      for (const mapping of this.mappings) progress = (await this.pollQueue(mapping)) || progress;
      for (const subscription of this.subscriptions)
        progress = (await this.pollSubscription(subscription)) || progress;
      while (this.pendingS3Events.length > 0) {
        progress = true;
        await this.deliverS3Event(this.pendingS3Events.shift()!);
      }
      if (!progress) return;
    }
    throw new Error('harness: drain did not settle after 100 rounds');
  }

  private async receive(queueUrl: string, max: number): Promise<Message[]> {
    const { Messages } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: max,
        MessageSystemAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    return Messages ?? [];
  }

  /** The Lambda SQS poller: one batch, ReportBatchItemFailures, failed messages return to the queue. */
  private async pollQueue(mapping: {
    queueUrl: string;
    functionId: string;
    batchSize: number;
  }): Promise<boolean> {
    const queueArn = this.queueArnOf(mapping.queueUrl);
    this.platformCall(mapping.functionId, 'sqs:ReceiveMessage', queueArn);
    const messages = await this.receive(mapping.queueUrl, mapping.batchSize);
    if (messages.length === 0) return false;
    const event = {
      Records: messages.map((m) => ({
        messageId: m.MessageId,
        receiptHandle: m.ReceiptHandle,
        body: m.Body,
        attributes: m.Attributes,
        messageAttributes: {},
        md5OfBody: m.MD5OfBody,
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: 'us-east-1',
      })),
    };
    let failed: Set<string>;
    try {
      const result = (await this.invoke(mapping.functionId, event)) as
        { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
      failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(messages.map((m) => m.MessageId!));
    }
    for (const m of messages) {
      if (failed.has(m.MessageId!)) {
        // Visible again at once instead of after the visibility timeout, so the test does not wait.
        await this.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: mapping.queueUrl,
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      } else {
        this.platformCall(mapping.functionId, 'sqs:DeleteMessage', queueArn);
        await this.sqs.send(
          new DeleteMessageCommand({ QueueUrl: mapping.queueUrl, ReceiptHandle: m.ReceiptHandle }),
        );
      }
    }
    return true;
  }

  /** SNS → Lambda: one record per invocation, asynchronous (retries, then the dead-letter queue). */
  private async pollSubscription(subscription: {
    queueUrl: string;
    topicArn: string;
    functionId: string;
  }): Promise<boolean> {
    const messages = await this.receive(subscription.queueUrl, 10);
    for (const m of messages) {
      const envelope = JSON.parse(m.Body!) as { MessageId: string; Message: string; Timestamp?: string };
      await this.invokeAsync(subscription.functionId, {
        Records: [
          {
            EventSource: 'aws:sns',
            EventVersion: '1.0',
            EventSubscriptionArn: `${subscription.topicArn}:${randomUUID()}`,
            Sns: {
              Type: 'Notification',
              MessageId: envelope.MessageId,
              TopicArn: subscription.topicArn,
              Message: envelope.Message,
              Timestamp: envelope.Timestamp ?? new Date().toISOString(),
              MessageAttributes: {},
            },
          },
        ],
      });
      await this.sqs.send(
        new DeleteMessageCommand({ QueueUrl: subscription.queueUrl, ReceiptHandle: m.ReceiptHandle }),
      );
    }
    return messages.length > 0;
  }

  /** S3 → EventBridge: every rule whose pattern matches invokes its target asynchronously. */
  private async deliverS3Event(e: {
    type: string;
    bucket: string;
    key: string;
    size?: number;
  }): Promise<void> {
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': e.type,
      source: 'aws.s3',
      account: '000000000000',
      time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      region: 'us-east-1',
      resources: [`arn:aws:s3:::${e.bucket}`],
      detail: {
        version: '0',
        bucket: { name: e.bucket },
        object: { key: s3EventKey(e.key), size: e.size },
        reason: 'PutObject',
      },
    };
    for (const [, rule] of this.resourcesOfType('AWS::Events::Rule')) {
      const pattern = this.resolve<Record<string, unknown>>(rule.Properties.EventPattern);
      if (!matchesPattern(pattern, event)) continue;
      for (const target of rule.Properties.Targets as { Arn: unknown }[])
        await this.invokeAsync(this.functionIdOf(target.Arn), event);
    }
  }

  async deadLetters(queueId: string): Promise<unknown[]> {
    const queue = resourcesOf(this.app, 'queue').find((q: Queue) => q.node.id === queueId)!;
    const cfn = this.stack.build.nativeOf(queue).deadLetterQueue.node.defaultChild as CfnResource;
    const url = this.deployed.ref[Stack.of(cfn).resolve(cfn.logicalId) as string];
    const { Messages } = await this.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
    );
    return (Messages ?? []).map((m) => JSON.parse(m.Body!));
  }

  async fireSchedule(scheduleId: string, time: string): Promise<void> {
    const schedule = resourcesOf(this.app, 'schedule').find((s) => s.node.id === scheduleId)!;
    const cfn = this.stack.build.nativeOf(schedule).schedule.node.defaultChild as CfnResource;
    const target = this.template.Resources[Stack.of(cfn).resolve(cfn.logicalId) as string].Properties
      .Target as { Arn: unknown; Input: string };
    await this.invokeAsync(
      this.functionIdOf(target.Arn),
      JSON.parse(target.Input.replace('<aws.scheduler.scheduled-time>', time)),
    );
  }
}

/** What a client gets from API Gateway's answer: cookies as Set-Cookie headers, a gzip or deflate body decoded. */
function response(
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
  cookies: readonly string[] = [],
): ConformanceResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  let raw = typeof body === 'string' ? Buffer.from(body) : body;
  const encoding = lower['content-encoding']?.toLowerCase();
  if (encoding === 'gzip') raw = gunzipSync(raw);
  else if (encoding === 'deflate') raw = inflateSync(raw);
  const bytes = new Uint8Array(raw);
  const text = new TextDecoder().decode(bytes);
  return { status, headers: lower, cookies, bytes, text, json: () => JSON.parse(text) };
}

/**
 * The key as S3 writes it in an event (s3rver gives it as written): URL-encoded form style, a
 * space as `+`, `/` kept, every byte outside letters, digits and `.-_*` as %XX (S3 User Guide,
 * "Event message structure": "red flower.jpg" becomes "red+flower.jpg").
 */
function s3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** EventBridge pattern matching for the operators anycloud emits: values, prefix, suffix, wildcard. */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) {
      return expected.some((option) => {
        if (typeof option !== 'object' || option === null) return option === actual;
        const o = option as { prefix?: string; suffix?: string; wildcard?: string };
        if (typeof actual !== 'string') return false;
        if (o.prefix !== undefined) return actual.startsWith(o.prefix);
        if (o.suffix !== undefined) return actual.endsWith(o.suffix);
        if (o.wildcard !== undefined) {
          const regex = o.wildcard.replace(/\\\*|\\\\|\*|[.+?^${}()|[\]]/g, (m) =>
            m === '*' ? '.*' : m.startsWith('\\') ? `\\${m[1]}` : `\\${m}`,
          );
          return new RegExp(`^${regex}$`).test(actual);
        }
        return false;
      });
    }
    return (
      typeof actual === 'object' &&
      actual !== null &&
      matchesPattern(expected as Record<string, unknown>, actual as Record<string, unknown>)
    );
  });
}
