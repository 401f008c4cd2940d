import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PulumiSynthDocument } from '../shared/pulumi-document';
import { countByType } from '../shared/synth-summary';
import { checkPulumiTarget } from '../shared/target-check';
import type { TargetDescriptor } from '../shared/target-descriptor';
import { deployCloudflare } from './deploy';
import {
  captureCloudflare,
  synthCloudflare,
  synthCloudflareWithSizes,
  type CloudflareSynthOptions,
} from './synth';

/** Cloudflare: the app as a Pulumi program (Workers, D1, R2, Queues), synthesized under Pulumi's mocks. */
export const cloudflareTarget: TargetDescriptor<PulumiSynthDocument, CloudflareSynthOptions> = {
  name: 'cloudflare',
  engine: 'pulumi',
  description: 'Cloudflare: Workers, D1, R2, Queues (Pulumi, @pulumi/cloudflare)',
  synth: (app, options) => synthCloudflare(app, options),
  check: (app, { buildDir }) =>
    checkPulumiTarget(app, (onBuild) => captureCloudflare(app, { buildDir }, onBuild)),
  synthTo: async (app, dir) => {
    const { document, scriptBytes } = await synthCloudflareWithSizes(app);
    writeFileSync(join(dir, 'cloudflare.json'), `${JSON.stringify(document, null, 2)}\n`);
    return {
      files: ['cloudflare.json'],
      summary: {
        headline: `${document.resources.length} Pulumi resources`,
        resourceTypes: countByType(document.resources.map((r) => r.type)),
        bundles: Object.entries(scriptBytes).map(
          ([name, bytes]) => [name.replace(/\/(script|gateway)$/, ''), bytes] as const,
        ),
      },
    };
  },
  pulumi: { deploy: (app, options) => deployCloudflare(app, options) },
};
