import { createHash } from 'node:crypto';
import { withContentDigest } from './bundle-dir-digest';
import { normalize, type Json } from './normalize';

/** A secret input, as captured: the plain value, marked. */
export class CapturedSecret {
  constructor(readonly value: unknown) {}
}

/** One resource a Pulumi program registered, as the engine would have received it. */
export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** URN of the parent ('' for the stack's own children). */
  readonly parent: string;
  /** URNs of the resources this one depends on (inputs and `dependsOn`). */
  readonly dependencies: readonly string[];
  /** Inputs as sent to the engine: secrets as `{ secret: value }` wrappers, unknowns as a marker. */
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
}

/** What running a program under mocks produced. */
export interface CapturedProgram {
  readonly resources: readonly CapturedResource[];
  readonly outputs: Record<string, unknown>;
}

/** A resource of a Pulumi synth document. */
export interface PulumiSynthResource {
  readonly type: string;
  readonly name: string;
  /** `type::name` of the parent component, when there is one. */
  readonly parent?: string;
  /** `type::name` of each dependency, sorted. */
  readonly dependencies: string[];
  readonly inputs: Json;
}

/** The deterministic document of a Pulumi target: resources sorted by type and name, and the outputs. */
export interface PulumiSynthDocument {
  readonly resources: PulumiSynthResource[];
  readonly outputs: Json;
}

const shortUrn = (urn: string) => {
  const parts = urn.split('::');
  return `${parts[2].split('$').pop()}::${parts.slice(3).join('::')}`;
};

function redact(value: unknown, contentKeys: readonly string[], key = ''): unknown {
  if (value instanceof CapturedSecret) return '<secret>';
  if (typeof value === 'string' && key === 'path') return withContentDigest(value);
  if (typeof value === 'string' && contentKeys.includes(key))
    return `sha256:${createHash('sha256').update(value).digest('hex')}`;
  if (Array.isArray(value)) return value.map((v) => redact(v, contentKeys));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, contentKeys, k);
    return out;
  }
  return value;
}

/**
 * The deterministic JSON of a captured program: secrets replaced by `<secret>`, large content
 * inputs (`contentKeys`, e.g. a Worker's script) by their SHA-256 (then numbered like every
 * content hash), bundle folders named by their contents (not by their cache key, which holds
 * absolute paths), absolute paths under `roots` by `<root>`, keys sorted.
 */
export function pulumiSynthDocument(
  captured: CapturedProgram,
  options: { readonly contentKeys?: readonly string[]; readonly roots?: readonly string[] } = {},
): PulumiSynthDocument {
  const resources = [...captured.resources]
    .sort((a, b) => (a.type === b.type ? (a.name < b.name ? -1 : 1) : a.type < b.type ? -1 : 1))
    .map((r) => ({
      type: r.type,
      name: r.name,
      ...(r.parent ? { parent: shortUrn(r.parent) } : {}),
      dependencies: [...new Set(r.dependencies.map(shortUrn))].sort(),
      inputs: redact(r.inputs, options.contentKeys ?? []),
    }));
  return normalize(
    { resources, outputs: redact(captured.outputs, options.contentKeys ?? []) },
    options.roots,
  ) as unknown as PulumiSynthDocument;
}
