import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect } from './functions-core-stand-in';

/** What `@azure/functions` registers with the worker for one function: name and bindings. */
export interface FunctionMetadata {
  readonly name: string;
  readonly bindings: Record<string, { type: string; direction: string; [key: string]: unknown }>;
}

/** One registered function of a loaded package. */
export interface Registration {
  readonly metadata: FunctionMetadata;
  readonly handler: (...args: unknown[]) => unknown;
  /** The trigger binding (`httpTrigger`, `queueTrigger`, `timerTrigger`) and its name. */
  readonly trigger: { readonly name: string; readonly type: string; readonly [key: string]: unknown };
}

interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: unknown): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<unknown>;
}

interface ProgrammingModel {
  getCapabilities(capabilities: Record<string, string>): Promise<Record<string, string>>;
  getInvocationModel(context: unknown): InvocationModel;
}

/**
 * One function app's package loaded the way the Azure Functions Node.js worker loads it: its
 * `main` is required with the app settings as environment variables and a stand-in for the
 * worker's `@azure/functions-core`, which captures each `registerFunction(metadata, handler)`
 * and the library's programming model. Invocations then go through that real model
 * (`getInvocationModel` → `getArguments` → `invokeFunction` → `getResponse`), HTTP ones through
 * the library's HTTP stream proxy, as the Functions host drives them over RPC.
 */
export class LoadedFunctionApp {
  private proxyUri?: string;
  private readonly servers: http.Server[] = [];

  private constructor(
    readonly name: string,
    readonly settings: Readonly<Record<string, string>>,
    readonly hostJson: Record<string, unknown>,
    readonly registrations: readonly Registration[],
    private readonly model: ProgrammingModel,
  ) {}

  /** Loads the package in `dir` (index.js, host.json) with `settings` as environment variables. */
  static load(name: string, dir: string, settings: Record<string, string>): LoadedFunctionApp {
    const saved = { ...process.env };
    Object.assign(process.env, settings);
    try {
      // `@azure/functions-core` resolves to the stand-in (jest.config.js moduleNameMapper).
      const { collector } = collect(() => require(join(dir, 'index.js')));
      const hostJson = JSON.parse(readFileSync(join(dir, 'host.json'), 'utf8')) as Record<string, unknown>;
      if (!collector.model) throw new Error(`harness: ${name} registered no programming model`);
      const registrations = collector.registrations.map(({ metadata, handler }) => {
        const meta = metadata as FunctionMetadata;
        const [triggerName, binding] = Object.entries(meta.bindings).find(([, b]) =>
          /trigger$/i.test(b.type),
        )!;
        return {
          metadata: meta,
          handler: handler as Registration['handler'],
          trigger: { ...binding, name: triggerName },
        };
      });
      return new LoadedFunctionApp(
        name,
        settings,
        hostJson,
        registrations,
        collector.model as ProgrammingModel,
      );
    } finally {
      for (const key of Object.keys(settings)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }

  /** Registrations with trigger type `type`. */
  byTrigger(type: string): Registration[] {
    return this.registrations.filter((r) => r.trigger.type === type);
  }

  /** Runs one invocation through the programming model; returns the RPC response and the handler's result. */
  async invoke(
    registration: Registration,
    request: { triggerMetadata: Record<string, unknown>; data: Record<string, unknown> },
    invocationId = randomUUID(),
  ): Promise<unknown> {
    const model = this.model.getInvocationModel({
      invocationId,
      metadata: registration.metadata,
      request: {
        invocationId,
        triggerMetadata: request.triggerMetadata,
        inputData: [{ name: registration.trigger.name, data: request.data }],
      },
      log: () => undefined,
    });
    const { context, inputs } = await model.getArguments();
    const result = await model.invokeFunction(context, inputs, registration.handler);
    return model.getResponse(context, result);
  }

  /** The library's HTTP stream proxy (`getCapabilities` starts it once); the servers it starts are closed by `close`. */
  async httpProxy(): Promise<string> {
    if (this.proxyUri) return this.proxyUri;
    const createServer = http.createServer;
    const servers = this.servers;
    (http as { createServer: typeof http.createServer }).createServer = ((
      ...args: Parameters<typeof createServer>
    ) => {
      const server = createServer(...args);
      servers.push(server);
      return server;
    }) as typeof http.createServer;
    try {
      this.proxyUri = (await this.model.getCapabilities({})).HttpUri;
    } finally {
      (http as { createServer: typeof http.createServer }).createServer = createServer;
    }
    return this.proxyUri;
  }

  /**
   * An HTTP invocation as the host runs it with streaming on: the request goes to the library's
   * proxy (with the invocation id and forwarded host and protocol), the invocation runs over RPC
   * with the headers and route parameters as trigger metadata, and the response is what the
   * proxy answered.
   */
  async invokeHttp(
    registration: Registration,
    request: {
      method: string;
      pathAndQuery: string;
      host: string;
      headers: Record<string, string>;
      params: Record<string, string>;
      body?: Uint8Array;
    },
  ): Promise<Response> {
    const proxy = await this.httpProxy();
    const invocationId = randomUUID();
    const headers = { ...request.headers, host: request.host };
    const response = fetch(new URL(request.pathAndQuery.slice(1), proxy), {
      method: request.method,
      headers: {
        ...request.headers,
        'x-ms-invocation-id': invocationId,
        'x-forwarded-host': request.host,
        'x-forwarded-proto': 'https',
      },
      body: request.body && request.body.length > 0 ? request.body : undefined,
    });
    const triggerMetadata: Record<string, unknown> = { Headers: { json: JSON.stringify(headers) } };
    for (const [name, value] of Object.entries(request.params)) triggerMetadata[name] = { string: value };
    await this.invoke(registration, { triggerMetadata, data: { http: {} } }, invocationId);
    return response;
  }

  /** Closes the HTTP proxy servers the library started. */
  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections?.();
            s.close(() => resolve());
          }),
      ),
    );
  }
}
