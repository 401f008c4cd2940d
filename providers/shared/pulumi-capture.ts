import * as pulumi from '@pulumi/pulumi';
import { CapturedSecret, type CapturedProgram, type CapturedResource } from './pulumi-document';

/** Signatures Pulumi puts in serialized properties (see @pulumi/pulumi runtime/rpc). */
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const RESOURCE_SIG = '5cf8f73096256a8f31e491e813e4eb8e';
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** Computed outputs the mocks return per resource, derived from its name so runs are identical. */
export type MockOutputs = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
) => Record<string, unknown>;

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

let queue: Promise<unknown> = Promise.resolve();

function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value === UNKNOWN) return '<unknown>';
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) return new CapturedSecret(unwrap(record.value));
    if (record[SIG_KEY] === RESOURCE_SIG) return `<resource ${String(record.urn)}>`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = unwrap(v);
    return out;
  }
  return value;
}

/**
 * Runs a Pulumi program in this process under `pulumi.runtime.setMocks` and captures every
 * resource registration (type, name, parent, dependencies, inputs) and the program's
 * outputs. Programs run one at a time: Pulumi's runtime state is process-wide.
 */
export function capturePulumiProgram(
  program: () => Record<string, pulumi.Input<unknown>> | void,
  options: {
    readonly config?: Record<string, string>;
    readonly secretKeys?: readonly string[];
    readonly mockOutputs?: MockOutputs;
    /** What each invoke (`getClientConfig`...) returns under mocks, by token. @default its inputs */
    readonly mockCall?: (
      token: string,
      inputs: Record<string, unknown>,
    ) => Record<string, unknown> | undefined;
    readonly project?: string;
    readonly stack?: string;
  } = {},
): Promise<CapturedProgram> {
  const run = async (): Promise<CapturedProgram> => {
    const project = options.project ?? 'anycloud';
    const stack = options.stack ?? 'synth';
    pulumi.runtime.setAllConfig(options.config ?? {}, [...(options.secretKeys ?? [])]);
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({
          id: `${args.name}-id`,
          state: { ...args.inputs, ...options.mockOutputs?.(args.type, args.name, args.inputs) },
        }),
        call: (args) => options.mockCall?.(args.token, args.inputs) ?? args.inputs,
      },
      project,
      stack,
      false,
    );
    const resources: CapturedResource[] = [];
    const monitor = (pulumi.runtime as unknown as { getMonitor(): Record<string, unknown> }).getMonitor();
    const register = (monitor.registerResource as (req: RegisterRequest, cb: unknown) => unknown).bind(
      monitor,
    );
    monitor.registerResource = (req: RegisterRequest, callback: unknown) => {
      const parent = req.getParent();
      const type = req.getType();
      const name = req.getName();
      const parentType = parent ? parent.split('::')[2] : '';
      resources.push({
        type,
        name,
        urn: `urn:pulumi:${stack}::${project}::${parentType ? `${parentType}$` : ''}${type}::${name}`,
        parent,
        dependencies: [...req.getDependenciesList()],
        inputs: unwrap(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        custom: req.getCustom(),
      });
      return register(req, callback);
    };
    const returned = program() ?? {};
    const outputs = await new Promise<Record<string, unknown>>((resolve) =>
      pulumi.output(returned).apply((value) => resolve(value as Record<string, unknown>)),
    );
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return { resources, outputs };
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
