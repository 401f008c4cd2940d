import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request an AWS SDK client sent, as the proxy saw it. */
export interface SdkRequest {
  /** The service of the request's SigV4 credential scope (`dynamodb`, `s3`, `sqs`, `sns`, ...); `unsigned` without one. */
  readonly service: string;
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A local endpoint that forwards every AWS request to the emulator of its service and reports it. */
export interface RecordingProxy {
  readonly url: string;
  close(): Promise<void>;
}

const CREDENTIAL_SCOPE = /Credential=[^/,]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;

/**
 * Starts a proxy in front of the emulators: it reads the service a request is signed for, sends
 * the request unchanged (headers, Host included, so the signature still holds) to
 * `upstreams[service]`, answers with the emulator's answer, and calls `record` with it. A
 * request for a service without an upstream is answered 501 and still recorded.
 */
export async function startRecordingProxy(
  upstreams: Readonly<Record<string, string>>,
  record: (request: SdkRequest) => void,
): Promise<RecordingProxy> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const service = CREDENTIAL_SCOPE.exec(String(incoming.headers.authorization ?? ''))?.[1] ?? 'unsigned';
      record({ service, method: incoming.method!, url: incoming.url!, headers: incoming.headers, body });
      const upstream = upstreams[service];
      if (!upstream) {
        outgoing.writeHead(501, { 'content-type': 'text/plain' }).end(`no emulator for service ${service}`);
        return;
      }
      const target = new URL(upstream);
      const forwarded = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', (error) => outgoing.destroy(error));
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
