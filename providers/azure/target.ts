import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PulumiSynthDocument } from '../shared/pulumi-document';
import { countByType } from '../shared/synth-summary';
import { checkPulumiTarget } from '../shared/target-check';
import type { TargetDescriptor } from '../shared/target-descriptor';
import { MAIN_FILE } from './bundling';
import { deployAzure } from './deploy';
import { captureAzure, synthAzure, type AzureSynthOptions } from './synth';
import { pulumiSynthDocument } from '../shared/pulumi-document';

/** Azure: the app as a Pulumi program (Flex Consumption function apps, API Management, Storage, Event Grid, Key Vault). */
export const azureTarget: TargetDescriptor<PulumiSynthDocument, AzureSynthOptions> = {
  name: 'azure',
  engine: 'pulumi',
  description:
    'Azure: Functions (Flex Consumption), API Management, Storage, Event Grid, Key Vault (Pulumi, @pulumi/azure-native)',
  synth: (app, options) => synthAzure(app, options),
  check: (app, { buildDir }) => checkPulumiTarget(app, (onBuild) => captureAzure(app, { buildDir }, onBuild)),
  synthTo: async (app, dir) => {
    const captured = await captureAzure(app);
    const document = pulumiSynthDocument(captured, { roots: [process.cwd()] });
    writeFileSync(join(dir, 'azure.json'), `${JSON.stringify(document, null, 2)}\n`);
    const bundles = captured.resources
      .filter((r) => r.type === 'azure-native:storage:Blob' && r.name.endsWith('/package'))
      .map((r) => {
        const source = r.inputs.source as { path?: string } | undefined;
        const bytes = source?.path ? statSync(join(source.path, MAIN_FILE)).size : 0;
        return [r.name.slice(0, -'/package'.length), bytes] as const;
      });
    return {
      files: ['azure.json'],
      summary: {
        headline: `${document.resources.length} Pulumi resources`,
        resourceTypes: countByType(document.resources.map((r) => r.type)),
        bundles,
      },
    };
  },
  pulumi: { deploy: (app, options) => deployAzure(app, options) },
};
