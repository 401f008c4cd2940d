// A throwaway target, written only against `anycloud/adapter`, as a target author outside this
// repository would: proof that a target is a plugin (its descriptor + one registry line).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { AccessByKind, App, GrantableKind, Kind, KindMap } from 'anycloud';
import {
  BundleCache,
  DegradationLog,
  NativesRegistry,
  countByType,
  kernelContext,
  registerTarget,
  resourcesOf,
  runBuilders,
  validateThenBundle,
  type KernelContext,
  type Degradation,
  type KindBuilders,
  type TargetDescriptor,
} from 'anycloud/adapter';
import {
  capturePulumiProgram,
  checkPulumiTarget,
  componentsOf,
  pulumiSynthDocument,
  type NeutralComponent,
  type PulumiSynthDocument,
} from 'anycloud/adapter/pulumi';
import type { ResourceBinding } from 'anycloud/runtime/host';

/** The one native resource the toy target makes per construct. */
class ToyThing extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
    super('toy:index:Thing', name, props, opts);
  }
}

type ToyNatives = {
  readonly [K in Kind]: { readonly component: NeutralComponent; readonly thing: ToyThing };
};
type ToyProps = { readonly [K in Kind]: Record<string, unknown> };

interface ToyContext extends KernelContext<ToyNatives, ToyProps> {
  componentOf(node: KindMap[Kind]): NeutralComponent;
  bindingsOf(fn: KindMap['function']): Record<string, ResourceBinding>;
}

type ToyGrantParts = {
  readonly [K in GrantableKind]: {
    grant(node: KindMap[K], access: AccessByKind[K], ctx: ToyContext): ResourceBinding;
  };
};

/** A data kind: one thing under the construct's component. */
function thing<K extends Kind>(kind: K) {
  return {
    create(node: KindMap[K], ctx: ToyContext) {
      const component = ctx.componentOf(node);
      const props = ctx.transform(kind, { kind, path: node.node.path }, node);
      const made = new ToyThing(`${node.node.path}/thing`, props, { parent: component });
      ctx.register(node, { component, thing: made } as ToyNatives[K]);
    },
  };
}

function grantable<K extends GrantableKind>(kind: K) {
  return {
    ...thing(kind),
    grant: (node: KindMap[K], access: AccessByKind[K], ctx: ToyContext): ResourceBinding => ({
      kind,
      access,
      name: ctx.nativeOf(node as KindMap[Kind]).thing.urn as unknown as string,
    }),
  };
}

const TOY_BUILDERS: KindBuilders<ToyContext, ToyGrantParts> = {
  table: grantable('table'),
  bucket: grantable('bucket'),
  queue: {
    ...grantable('queue'),
    create(node, ctx) {
      grantable('queue').create(node, ctx);
      ctx.degrade(node, 'toy.queue.best-effort', 'the toy target delivers messages when it gets round to it');
    },
  },
  topic: grantable('topic'),
  secret: grantable('secret'),
  function: {
    create(node, ctx) {
      const component = ctx.componentOf(node);
      const props = ctx.transform(
        'function',
        { kind: 'function', path: node.node.path, bindings: ctx.bindingsOf(node) },
        node,
      );
      ctx.register(node, {
        component,
        thing: new ToyThing(`${node.node.path}/thing`, props, { parent: component }),
      });
    },
  },
  'http-api': thing('http-api'),
  schedule: thing('schedule'),
};

/** Declares `app` with the toy target in the running Pulumi program. */
function deployToy(
  app: App,
  buildDir: string,
  onBuild?: (build: { degradations: readonly Degradation[] }) => void,
): Record<string, pulumi.Input<string>> {
  const cache = new BundleCache(buildDir);
  validateThenBundle(app, {
    target: 'toy',
    issues: [],
    bundle: (fn) =>
      cache.bundle({
        contents: `export { ${fn.handler} } from ${JSON.stringify(fn.entry)};`,
        resolveDir: buildDir,
        outName: 'index.js',
        options: { platform: 'node', format: 'cjs' },
      }),
  });
  const natives = new NativesRegistry<ToyNatives>('toy');
  const degradations = new DegradationLog('toy');
  const kernel = kernelContext<ToyNatives, ToyProps>(app, natives, undefined, degradations);
  const ctx: ToyContext = {
    ...kernel,
    componentOf: componentsOf(),
    bindingsOf: (fn) =>
      Object.fromEntries(
        fn.grants.map(({ resource, access }) => [
          resource.node.id,
          (TOY_BUILDERS[resource.kind] as ToyGrantParts[GrantableKind]).grant(
            resource as never,
            access as never,
            ctx,
          ),
        ]),
      ),
  };
  runBuilders(app, TOY_BUILDERS, ctx);
  onBuild?.({ degradations: degradations.list() });
  return { things: String(resourcesOf(app, 'function').length) };
}

async function synthToy(app: App): Promise<PulumiSynthDocument> {
  const buildDir = join(process.cwd(), '.anycloud', 'build', 'toy');
  const captured = await capturePulumiProgram(() => deployToy(app, buildDir), {
    project: app.name,
    stack: app.stage,
  });
  return pulumiSynthDocument(captured);
}

/** The toy target's descriptor. */
export const toyTarget: TargetDescriptor<PulumiSynthDocument> = {
  name: 'toy',
  engine: 'pulumi',
  description: 'a throwaway target from the test folder',
  synth: (app) => synthToy(app),
  check: (app, { buildDir }) =>
    checkPulumiTarget(app, (onBuild) =>
      capturePulumiProgram(() => deployToy(app, buildDir, onBuild), { project: app.name, stack: app.stage }),
    ),
  synthTo: async (app, dir) => {
    const document = await synthToy(app);
    writeFileSync(join(dir, 'toy.json'), `${JSON.stringify(document, null, 2)}\n`);
    return {
      files: ['toy.json'],
      summary: {
        headline: `${document.resources.length} toy resources`,
        resourceTypes: countByType(document.resources.map((r) => r.type)),
        bundles: [],
      },
    };
  },
  pulumi: { deploy: (app) => deployToy(app, join(process.cwd(), '.anycloud', 'build', 'toy')) },
};

/** Registers the toy target (what `anycloud --require ./toy-target-plugin.ts` runs). */
export function registerToyTarget(): void {
  registerTarget({ name: 'toy', engine: 'pulumi', load: () => toyTarget });
}
