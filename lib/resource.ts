import { Construct } from 'constructs';
import { App } from './app';
import type { Kind } from './kind';

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Why `id` cannot name a new child of `scope`, or undefined when it can. */
function idProblem(scope: Construct, id: unknown): { rule: string; message: string } | undefined {
  if (typeof id !== 'string' || !ID_PATTERN.test(id))
    return {
      rule: 'construct.id',
      message: 'id must be 1-64 letters, digits, "-" or "_", starting with a letter',
    };
  // `constructs` keeps children in a plain object: these names collide with its prototype.
  if (id in Object.prototype)
    return {
      rule: 'construct.id',
      message: `id must not be a name every JavaScript object already has (${id})`,
    };
  if (scope?.node?.tryFindChild(id) !== undefined)
    return {
      rule: 'construct.id.unique',
      message: 'id must be unique among the constructs of its scope; another one already has it',
    };
  return undefined;
}

/** A unique id standing in for an invalid one, so the construct still builds and reports. */
function standInId(scope: Construct): string {
  let n = 1;
  while (scope?.node?.tryFindChild(`invalid-id-${n}`) !== undefined) n++;
  return `invalid-id-${n}`;
}
const RESOURCE_MARKER = Symbol.for('anycloud.Resource');

/**
 * Base of every neutral construct: a pure description with a `kind`, a path and props.
 * Nothing here knows a cloud.
 */
export abstract class Resource extends Construct {
  /** True when `x` is a neutral construct (works across duplicated copies of this module). */
  static isResource(x: unknown): x is Resource {
    return typeof x === 'object' && x !== null && RESOURCE_MARKER in x;
  }

  /** What this construct is; adapters dispatch on it. */
  abstract readonly kind: Kind;
  /** The App this construct belongs to. */
  readonly app: App;

  constructor(scope: Construct, id: string) {
    const problem = idProblem(scope, id);
    // A bad id still builds (under a stand-in id) so every issue of the app is reported at once.
    super(scope, problem ? standInId(scope) : id);
    Object.defineProperty(this, RESOURCE_MARKER, { value: true });
    this.app = App.of(this);
    if (problem) {
      const path = `${scope.node.path ? `${scope.node.path}/` : ''}${typeof id === 'string' ? id : String(id)}`;
      this.app.addIssue({ node: { path } } as unknown as Construct, problem.rule, id, problem.message);
    }
  }

  /** Records a validation issue on this construct (reported with all others at synth). */
  protected addIssue(rule: string, value: unknown, message: string): void {
    this.app.addIssue(this, rule, value, message);
  }

  /**
   * Returns `props` when it is a plain object, or `{}` after recording `<kind>.props`:
   * so a construct given garbage still builds and reports, never throws a TypeError.
   */
  protected propsObject<T extends object>(props: unknown, hint: string): Partial<T> {
    if (typeof props === 'object' && props !== null && !Array.isArray(props)) return props as Partial<T>;
    this.addIssue(`${this.kind}.props`, props, `props must be ${hint}`);
    return {};
  }

  /** Checks that `target` is a Function of the same App, recording an issue otherwise. */
  protected checkTarget(rule: string, target: unknown, what: string): boolean {
    const ok =
      typeof target === 'object' &&
      target !== null &&
      (target as { kind?: unknown }).kind === 'function' &&
      (target as Resource).app === this.app;
    if (!ok) this.addIssue(rule, describeTarget(target), `${what} must be a Function of the same App`);
    return ok;
  }
}

/** Records a grant of `access` on `resource` for `fn`, after checking `fn`. */
export function grantAccess(resource: Resource, fn: unknown, access: string, method: string): void {
  if (!resource['checkTarget'](`grant.${method}`, fn, `${method}() argument`)) return;
  (fn as { _addGrant(r: Resource, a: string): void })._addGrant(resource, access);
}

function describeTarget(target: unknown): unknown {
  if (target instanceof Construct) return target.node.path;
  return target;
}
