import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pulumiSynthDocument, type PulumiSynthDocument } from '../shared/pulumi-document';
import { countByType } from '../shared/synth-summary';
import { checkPulumiTarget } from '../shared/target-check';
import type { TargetDescriptor } from '../shared/target-descriptor';
import { MAIN_FILE } from './bundling';
import { deployGcp } from './deploy';
import { captureGcp, synthGcp, type GcpSynthOptions } from './synth';

/** GCP: the app as a Pulumi program (Cloud Functions gen2, API Gateway, Pub/Sub, Cloud Storage, Firestore, Cloud Scheduler, Secret Manager). */
export const gcpTarget: TargetDescriptor<PulumiSynthDocument, GcpSynthOptions> = {
  name: 'gcp',
  engine: 'pulumi',
  description:
    'GCP: Cloud Functions (gen2), API Gateway, Pub/Sub, Cloud Storage, Firestore, Cloud Scheduler, Secret Manager (Pulumi, @pulumi/gcp)',
  synth: (app, options) => synthGcp(app, options),
  check: (app, { buildDir }) => checkPulumiTarget(app, (onBuild) => captureGcp(app, { buildDir }, onBuild)),
  synthTo: async (app, dir) => {
    const captured = await captureGcp(app);
    const document = pulumiSynthDocument(captured, { roots: [process.cwd()] });
    writeFileSync(join(dir, 'gcp.json'), `${JSON.stringify(document, null, 2)}\n`);
    const bundles = captured.resources
      .filter((r) => r.type === 'gcp:storage/bucketObject:BucketObject' && r.name.endsWith('/source'))
      .map((r) => {
        const source = r.inputs.source as { path?: string } | undefined;
        const bytes = source?.path ? statSync(join(source.path, MAIN_FILE)).size : 0;
        return [r.name.slice(0, -'/source'.length), bytes] as const;
      });
    return {
      files: ['gcp.json'],
      summary: {
        headline: `${document.resources.length} Pulumi resources`,
        resourceTypes: countByType(document.resources.map((r) => r.type)),
        bundles,
      },
    };
  },
  pulumi: { deploy: (app, options) => deployGcp(app, options) },
};
