import * as cloudflare from '@pulumi/cloudflare';
import type { Bucket, Table } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { childOf, type NeutralComponent } from '../shared/pulumi-component';
import { MAIN_MODULE } from './bundling';
import type { CloudflareBuildContext, WorkerBinding } from './context';
import { cloudflareName } from './naming';

/** The reader Worker of a table or bucket, and its workers.dev switch (off). */
export interface ReaderWorker {
  readonly script: cloudflare.WorkersScript;
  readonly subdomain: cloudflare.WorkersScriptSubdomain;
}

/** True when some function of the app is granted `node` read-only. */
export function hasReadOnlyGrant(node: Table | Bucket, ctx: CloudflareBuildContext): boolean {
  return resourcesOf(ctx.app, 'function').some((fn) =>
    fn.grants.some((g) => g.resource === node && g.access === 'read'),
  );
}

function readerArgs(
  node: Table | Bucket,
  bindings: cloudflare.WorkersScriptArgs['bindings'],
  ctx: CloudflareBuildContext,
): cloudflare.WorkersScriptArgs {
  return {
    accountId: ctx.settings.accountId,
    scriptName: cloudflareName(node, 'worker', 'reader'),
    content: ctx.scriptContent(ctx.readerBundle),
    mainModule: MAIN_MODULE,
    compatibilityDate: ctx.settings.compatibilityDate,
    compatibilityFlags: [],
    bindings,
    observability: { enabled: true },
  };
}

/**
 * Declares the reader Worker of `node`: the only holder of its native binding besides read-write
 * functions, reached by read-only functions through a service binding to an RPC entrypoint with
 * reads only (D1 and R2 bindings cannot be read-only). Not on workers.dev.
 */
export function declareReader(
  node: Table | Bucket,
  component: NeutralComponent,
  bindings: cloudflare.WorkersScriptArgs['bindings'],
  ctx: CloudflareBuildContext,
): ReaderWorker {
  const script = new cloudflare.WorkersScript(
    `${node.node.path}/reader`,
    readerArgs(node, bindings, ctx),
    childOf(component),
  );
  const subdomain = new cloudflare.WorkersScriptSubdomain(
    `${node.node.path}/reader-workers-dev`,
    {
      accountId: ctx.settings.accountId,
      scriptName: script.scriptName,
      enabled: false,
      previewsEnabled: false,
    },
    childOf(component),
  );
  return { script, subdomain };
}

/**
 * The Worker binding a grant of `node` becomes: the direct native binding, or, for a read-only
 * grant of a resource with a reader Worker, a service binding to its reader `entrypoint`.
 * `reader: true` in the runtime binding tells the client to call the reader.
 */
export function grantedBinding(
  name: string,
  access: string,
  reader: ReaderWorker | undefined,
  entrypoint: string,
  direct: Omit<cloudflare.types.input.WorkersScriptBinding, 'name'>,
): { workerBinding: WorkerBinding; readerFlag: { reader?: true } } {
  const readOnly = access === 'read' && reader;
  return readOnly
    ? {
        workerBinding: { type: 'service', name, service: reader.script.scriptName, entrypoint },
        readerFlag: { reader: true },
      }
    : { workerBinding: { ...direct, name }, readerFlag: {} };
}
