import { textOf } from './validation-error';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Construct } from 'constructs';
import { parseDurationSeconds, type Duration } from './duration';
import { mergeAccess, type Grant, type GrantableResource } from './grant';
import { Resource } from './resource';
import { parseSizeMb, type Size } from './size';

/** Node.js major versions a function can run on. */
export type NodeVersion = 'nodejs22' | 'nodejs24';

/** Properties of a {@link Function}. */
export interface FunctionProps {
  /** Path of the handler file (TypeScript or JavaScript), absolute or relative to the working directory. */
  readonly entry: string;
  /** Name of the export in `entry` that holds the handler. @default 'handler' */
  readonly handler?: string;
  /** Memory available to the function. @default '512 MB' */
  readonly memory?: Size;
  /** Longest time one invocation may run. @default '10 seconds' */
  readonly timeout?: Duration;
  /** Environment variables; names starting with `ANYCLOUD_` are reserved. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Node.js version. @default 'nodejs24' */
  readonly nodeVersion?: NodeVersion;
}

const NODE_VERSIONS: readonly string[] = ['nodejs22', 'nodejs24'];
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A unit of code: one handler export of one file, with its own identity on every target.
 * What it may touch is declared with the resources' `grantXxx(fn)` methods.
 */
export class Function extends Resource {
  readonly kind = 'function' as const;
  /** Absolute path of the handler file. */
  readonly entry: string;
  /** Export name of the handler. */
  readonly handler: string;
  /** Memory in megabytes. */
  readonly memoryMb: number;
  /** True when `memory` was given (targets with fixed memory reject a request they cannot meet, not the default). */
  readonly memoryExplicit: boolean;
  /** Timeout in seconds. */
  readonly timeoutSeconds: number;
  /** Environment variables. */
  readonly environment: Readonly<Record<string, string>>;
  /** Node.js version. */
  readonly nodeVersion: NodeVersion;
  private readonly grantMap = new Map<GrantableResource, string>();

  constructor(scope: Construct, id: string, props: FunctionProps) {
    super(scope, id);
    const p = this.propsObject<FunctionProps>(props, 'an object with an entry');

    this.entry =
      typeof p.entry === 'string' && p.entry ? (isAbsolute(p.entry) ? p.entry : resolve(p.entry)) : '';
    if (!this.entry) {
      this.addIssue('function.entry.required', p.entry, 'entry must be the path of a handler file');
    } else if (!(existsSync(this.entry) && statSync(this.entry).isFile())) {
      this.addIssue('function.entry.exists', p.entry, `entry file not found: ${this.entry}`);
    }

    this.handler = p.handler === undefined ? 'handler' : textOf(p.handler);
    if (p.handler !== undefined && (typeof p.handler !== 'string' || !IDENTIFIER.test(p.handler))) {
      this.addIssue(
        'function.handler',
        p.handler,
        'handler must be the name of an export (a JavaScript identifier)',
      );
    }

    this.memoryExplicit = p.memory !== undefined;
    this.memoryMb = p.memory === undefined ? 512 : (parseSizeMb(p.memory) ?? 0);
    if (this.memoryMb === 0)
      this.addIssue('function.memory', p.memory, 'memory must be a whole size like "512 MB" or "1 GB"');

    this.timeoutSeconds = p.timeout === undefined ? 10 : (parseDurationSeconds(p.timeout) ?? 0);
    if (this.timeoutSeconds === 0) {
      this.addIssue(
        'function.timeout',
        p.timeout,
        'timeout must be a duration like "30 seconds" or "5 minutes"',
      );
    }

    this.nodeVersion = p.nodeVersion === undefined ? 'nodejs24' : p.nodeVersion;
    if (!NODE_VERSIONS.includes(this.nodeVersion)) {
      this.addIssue(
        'function.nodeVersion',
        p.nodeVersion,
        `nodeVersion must be one of ${NODE_VERSIONS.join(', ')}`,
      );
    }

    const env: Record<string, string> = {};
    if (
      p.environment !== undefined &&
      (typeof p.environment !== 'object' || p.environment === null || Array.isArray(p.environment))
    ) {
      this.addIssue('function.environment', p.environment, 'environment must be an object of string values');
    } else {
      for (const [name, value] of Object.entries(p.environment ?? {})) {
        if (!ENV_NAME.test(name)) {
          this.addIssue(
            'function.environment.name',
            name,
            'environment variable names must match [A-Za-z_][A-Za-z0-9_]*',
          );
        } else if (name.startsWith('ANYCLOUD_')) {
          this.addIssue(
            'function.environment.reserved',
            name,
            'environment variable names starting with ANYCLOUD_ are reserved',
          );
        }
        if (typeof value !== 'string') {
          this.addIssue('function.environment.value', value, `environment variable ${name} must be a string`);
        }
        env[name] = textOf(value);
      }
    }
    this.environment = env;
  }

  /** The grants of this function, one per resource, in the order they were first made. */
  get grants(): readonly Grant[] {
    return [...this.grantMap].map(([resource, access]) => ({ resource, access }) as Grant);
  }

  /**
   * Records that this function may use `resource` with `access`. Called by the resources'
   * `grantXxx` methods; two grants to one resource merge into the wider access.
   * @internal
   */
  _addGrant(resource: GrantableResource, access: string): void {
    const previous = this.grantMap.get(resource);
    if (previous === undefined) {
      // Handlers reach a granted resource by its construct id (`table('Orders')`): two granted
      // resources with one id would be one binding, so the second one is refused here.
      const clash = [...this.grantMap.keys()].find((r) => r.node.id === resource.node.id);
      if (clash) {
        this.addIssue(
          'function.grant.id',
          [clash.node.path, resource.node.path],
          `is granted ${clash.node.path} and ${resource.node.path}, which share the id "${resource.node.id}"; handlers reach a granted resource by id (${resource.kind}("${resource.node.id}")), so give one of them another id`,
        );
        return;
      }
    }
    this.grantMap.set(resource, previous === undefined ? access : mergeAccess(previous, access));
  }
}
