import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// dynalite ships as plain CommonJS without type definitions.
const dynalite = require('dynalite') as (options: object) => import('node:net').Server;

/** Real AWS API emulators from npm: dynalite (DynamoDB), s3rver (S3) and fauxqs (SQS + SNS), on free local ports. */
export interface Emulators {
  readonly dynamodb: string;
  readonly s3: string;
  readonly sqs: string;
  /** s3rver's event emitter: `'event'` is emitted for every object write and delete. */
  readonly s3Events: EventEmitter;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, process: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.exitCode !== null)
      throw new Error(`emulator exited with ${process.exitCode} before answering ${url}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`emulator did not answer ${url} within ${timeoutMs} ms`);
}

/** Starts dynalite, s3rver and fauxqs; `stop()` stops all three and removes their files. */
export async function startEmulators(
  which: { dynamodb?: boolean; s3?: boolean; sqs?: boolean } = { dynamodb: true, s3: true, sqs: true },
): Promise<Emulators> {
  const stops: (() => Promise<void>)[] = [];
  let dynamodbUrl = '';
  let s3Url = '';
  let sqsUrl = '';
  let s3Events: EventEmitter | undefined;
  try {
    if (which.dynamodb) {
      const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      dynamodbUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      stops.push(() => new Promise((resolve) => server.close(() => resolve())));
    }
    if (which.s3) {
      const directory = mkdtempSync(join(tmpdir(), 'anycloud-s3rver-'));
      const child = spawn(
        process.execPath,
        ['--openssl-legacy-provider', join(__dirname, 's3rver-process.js'), directory],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const events = new EventEmitter();
      const port = await new Promise<number>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const message = JSON.parse(line) as { port?: number; event?: unknown };
          if (message.port) resolve(message.port);
          if (message.event) events.emit('event', message.event);
        });
      });
      s3Url = `http://127.0.0.1:${port}`;
      s3Events = events;
      stops.push(async () => {
        child.kill('SIGTERM');
        rmSync(directory, { recursive: true, force: true });
      });
    }
    if (which.sqs) {
      const port = await freePort();
      // fauxqs is ESM-only, so it runs as its own process, like any emulator would.
      const cli = join(__dirname, '..', '..', '..', 'node_modules', 'fauxqs', 'dist', 'cli.js');
      const child = spawn(process.execPath, [cli], {
        env: { ...process.env, FAUXQS_PORT: String(port), FAUXQS_LOGGER: 'false', FAUXQS_HOST: 'localhost' },
        stdio: 'ignore',
      });
      stops.push(async () => {
        child.kill();
      });
      sqsUrl = `http://127.0.0.1:${port}`;
      await waitFor(`${sqsUrl}/health`, child);
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
  return {
    dynamodb: dynamodbUrl,
    s3: s3Url,
    sqs: sqsUrl,
    s3Events: s3Events as EventEmitter,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** Points the AWS SDK (as used inside function bundles) at the emulators, with dummy credentials. */
export function useEmulatorEnvironment(e: Emulators): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER', // s3rver's fixed credentials; the other emulators accept any
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: e.dynamodb,
    AWS_ENDPOINT_URL_S3: e.s3,
    AWS_ENDPOINT_URL_SQS: e.sqs,
    AWS_ENDPOINT_URL_SNS: e.sqs,
    AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
  });
}
