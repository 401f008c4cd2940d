import { join } from 'node:path';
import type { RuntimeClientModule } from './kind-builders';
import { sourceFile } from './neutral-runtime';

/** The runtime client module `runtime/<name>` of a provider folder (`providerDir` is its `__dirname`). */
export function runtimeClientModule(providerDir: string, name: string, factory: string): RuntimeClientModule {
  return { file: sourceFile(join(providerDir, 'runtime'), name), factory };
}
