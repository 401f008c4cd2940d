import type { BuildOptions } from 'esbuild';
import type { GrantableKind } from 'anycloud';
import type { RuntimeClientModule } from './kind-builders';
import { NEUTRAL_RUNTIME_ALIASES } from './neutral-runtime';

/** What one Node.js function package is built from. */
export interface NodeFunctionRequest {
  /** Absolute path of the user's handler file. */
  readonly entry: string;
  /** Export name of the handler. */
  readonly exportName: string;
  /** The client module of each granted kind (from the builders); others stay out of the bundle. */
  readonly clients: Readonly<Partial<Record<GrantableKind, RuntimeClientModule>>>;
  /**
   * Parts of the shim the function's triggers need (a module and its export each), handed to
   * the shim's register function in this order; the others stay out of the bundle.
   */
  readonly parts?: readonly RuntimeClientModule[];
}

/** The target's shim: the module and the function that registers the user's handler with the platform. */
export interface FunctionShim {
  readonly file: string;
  readonly register: string;
}

const importPath = (path: string) => JSON.stringify(path.split('\\').join('/'));

/** The generated entry of a package: the user's handler, the target's shim, the granted kinds' clients. */
export function nodeFunctionEntry(request: NodeFunctionRequest, shim: FunctionShim): string {
  const kinds = (Object.keys(request.clients) as GrantableKind[]).sort();
  const clients = request.clients as Readonly<Record<string, RuntimeClientModule>>;
  const parts = request.parts ?? [];
  return [
    `import { ${request.exportName} as userHandler } from ${importPath(request.entry)};`,
    `import { ${shim.register} } from ${importPath(shim.file)};`,
    ...kinds.map((k) => `import { ${clients[k].factory} } from ${importPath(clients[k].file)};`),
    ...parts.map((p) => `import { ${p.factory} } from ${importPath(p.file)};`),
    `${shim.register}(userHandler, { ${kinds.map((k) => `${k}: ${clients[k].factory}`).join(', ')} }${
      request.parts ? `, [${parts.map((p) => p.factory).join(', ')}]` : ''
    });`,
  ].join('\n');
}

/**
 * esbuild options of a Node.js function package: one minified CommonJS bundle for Node 20+,
 * only `external` (what the platform provides) left out. ESM builds of the cloud SDKs read
 * `import.meta.url` (createRequire): the bundle gets its own file URL instead.
 */
export function nodePackageOptions(external: readonly string[]): BuildOptions {
  return {
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    treeShaking: true,
    external: [...external],
    define: { 'import.meta.url': '__anycloudImportMetaUrl' },
    banner: { js: "var __anycloudImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
    alias: { ...NEUTRAL_RUNTIME_ALIASES },
  };
}
