import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '../shared/normalize';
import type { TargetDescriptor } from '../shared/target-descriptor';
import { checkLocal } from './check';
import { describeLocal, type LocalDocument } from './describe';

/** Options of the local target's synth. */
export interface LocalSynthOptions {
  /** The project root the document's paths are relative to. @default process.cwd() */
  readonly projectDir?: string;
}

/** Local: the app on this machine (`anycloud dev`, `local(app)`); its document is the plan it serves. */
export const localTarget: TargetDescriptor<LocalDocument, LocalSynthOptions> = {
  name: 'local',
  engine: 'local',
  description: 'this machine: anycloud dev and local(app), no cloud account',
  synth: async (app, options) =>
    normalize(describeLocal(app, options?.projectDir)) as unknown as LocalDocument,
  check: async (app) => checkLocal(app),
  synthTo: async (app, dir) => {
    const document = normalize(describeLocal(app));
    writeFileSync(join(dir, 'local.json'), `${JSON.stringify(document, null, 2)}\n`);
    const plan = document as unknown as LocalDocument;
    return {
      files: ['local.json'],
      summary: {
        headline: `${plan.functions.length} functions, ${plan.routes.length} routes, state in ${plan.stateDir}`,
        resourceTypes: [],
        bundles: [],
      },
    };
  },
};
