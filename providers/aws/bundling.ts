import { dirname, join } from 'node:path';
import type { GrantableKind, NodeVersion } from 'anycloud';
import type { RuntimeClientModule } from '../shared/kind-builders';
import { BundleCache, BundleError, type Bundle } from '../shared/bundle-cache';
import { NEUTRAL_RUNTIME_ALIASES, sourceFile } from '../shared/neutral-runtime';

export { BundleError, type Bundle };

/** What one function bundle is made of. */
export interface BundleRequest {
  /** Absolute path of the user's handler file. */
  readonly entry: string;
  /** Export name of the handler. */
  readonly exportName: string;
  /** The client module of each granted kind (from the builders); others stay out of the bundle. */
  readonly clients: Readonly<Partial<Record<GrantableKind, RuntimeClientModule>>>;
  readonly nodeVersion: NodeVersion;
  /** Leave `@aws-sdk/*` out of the bundle and use the copy the Lambda Node.js runtime ships. @default true */
  readonly externalAwsSdk?: boolean;
}

const RUNTIME_DIR = join(__dirname, 'runtime');

function toImportPath(path: string): string {
  return JSON.stringify(path.split('\\').join('/'));
}

/** The generated entry module: user handler + AWS shim + the granted kinds' clients. */
export function generatedEntry(request: BundleRequest): string {
  const kinds = (Object.keys(request.clients) as GrantableKind[]).sort();
  const client = (k: GrantableKind) => request.clients[k]!;
  const lines = [
    `import { ${request.exportName} as userHandler } from ${toImportPath(request.entry)};`,
    `import { createLambdaHandler } from ${toImportPath(sourceFile(RUNTIME_DIR, 'lambda-handler'))};`,
    ...kinds.map((k) => `import { ${client(k).factory} } from ${toImportPath(client(k).file)};`),
    `export const handler = createLambdaHandler(userHandler, { ${kinds
      .map((k) => `${k}: ${client(k).factory}`)
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
        external: request.externalAwsSdk === false ? [] : ['@aws-sdk/*'],
        // User code and the shim share one copy of the neutral runtime.
        alias: { ...NEUTRAL_RUNTIME_ALIASES },
      },
    });
  }
}
