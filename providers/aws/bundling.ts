import { dirname, join } from 'node:path';
import type { GrantableKind, NodeVersion } from 'anycloud';
import { BundleCache, BundleError, type Bundle } from '../shared/bundle-cache';
import { NEUTRAL_RUNTIME_ALIASES, sourceFile } from '../shared/neutral-runtime';

export { BundleError, type Bundle };

/** What one function bundle is made of. */
export interface BundleRequest {
  /** Absolute path of the user's handler file. */
  readonly entry: string;
  /** Export name of the handler. */
  readonly exportName: string;
  /** Kinds of the clients to include (from the function's grants); others stay out of the bundle. */
  readonly clientKinds: readonly GrantableKind[];
  readonly nodeVersion: NodeVersion;
  /** Leave `@aws-sdk/*` out of the bundle and use the copy the Lambda Node.js runtime ships. @default false */
  readonly externalAwsSdk?: boolean;
}

const RUNTIME_DIR = join(__dirname, 'runtime');

/** Client factory per kind (`file` without extension), bundled only when a grant needs it. */
const CLIENT_MODULES: Readonly<Record<GrantableKind, { readonly file: string; readonly factory: string }>> = {
  table: { file: 'dynamodb-table-client', factory: 'dynamoDbTableClient' },
  bucket: { file: 's3-bucket-client', factory: 's3BucketClient' },
  queue: { file: 'sqs-queue-client', factory: 'sqsQueueClient' },
  topic: { file: 'sns-topic-client', factory: 'snsTopicClient' },
  secret: { file: 'secrets-manager-secret-client', factory: 'secretsManagerSecretClient' },
};

function toImportPath(path: string): string {
  return JSON.stringify(path.split('\\').join('/'));
}

/** The generated entry module: user handler + AWS shim + the granted kinds' clients. */
export function generatedEntry(request: BundleRequest): string {
  const kinds = [...new Set(request.clientKinds)].sort();
  const lines = [
    `import { ${request.exportName} as userHandler } from ${toImportPath(request.entry)};`,
    `import { createLambdaHandler } from ${toImportPath(sourceFile(RUNTIME_DIR, 'lambda-handler'))};`,
    ...kinds.map(
      (k) =>
        `import { ${CLIENT_MODULES[k].factory} } from ${toImportPath(sourceFile(RUNTIME_DIR, CLIENT_MODULES[k].file))};`,
    ),
    `export const handler = createLambdaHandler(userHandler, { ${kinds
      .map((k) => `${k}: ${CLIENT_MODULES[k].factory}`)
      .join(', ')} });`,
  ];
  return lines.join('\n');
}

/**
 * Bundles Lambda functions: one minified CommonJS bundle with a linked source map per function
 * (user entry + AWS shim + the granted kinds' clients), cached on disk by content.
 */
export class Bundler {
  private readonly cache: BundleCache;

  /** @param buildDir where bundles are kept; relative paths in source maps start here. */
  constructor(buildDir: string) {
    this.cache = new BundleCache(buildDir);
  }

  /** Builds (or reuses) the bundle for `request`. */
  bundle(request: BundleRequest): Bundle {
    return this.cache.bundle({
      contents: generatedEntry(request),
      resolveDir: dirname(request.entry),
      outName: 'index.js',
      options: {
        platform: 'node',
        format: 'cjs',
        target: request.nodeVersion === 'nodejs22' ? 'node22' : 'node24',
        minify: true,
        sourcemap: 'linked',
        sourcesContent: false,
        legalComments: 'none',
        treeShaking: true,
        external: request.externalAwsSdk ? ['@aws-sdk/*'] : [],
        // User code and the shim share one copy of the neutral runtime.
        alias: { ...NEUTRAL_RUNTIME_ALIASES },
      },
    });
  }
}
