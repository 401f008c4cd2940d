import type * as pulumi from '@pulumi/pulumi';
import type { App, Function, Kind, KindMap, Secret, ValidationIssue } from 'anycloud';
import { kernelContext, type KernelContext } from './build-context';
import { DegradationLog, type Degradation } from './degradation';
import type { Bundle } from './bundle-cache';
import { NativesRegistry, type NativesByKind } from './natives-registry';
import { readSecretValues } from './secret-values';
import type { NativePropsByKind, Transforms } from './transforms';
import { validateThenBundle } from './validate-then-bundle';

/** What a Pulumi target's build needs once the app is known to be valid. */
export interface CheckedPulumiApp<N extends NativesByKind, A extends NativePropsByKind, B extends Bundle> {
  readonly natives: NativesRegistry<N>;
  readonly kernel: KernelContext<N, A>;
  readonly secretValues: ReadonlyMap<Secret, pulumi.Output<string>>;
  readonly packages: ReadonlyMap<Function, B>;
  /** Where the builders declare what the target degrades. */
  readonly degradations: DegradationLog;
}

/** How a Pulumi target checks an app: its name, its rules, where secrets come from, how it packages a function. */
export interface PulumiAppCheck<N extends NativesByKind, A extends NativePropsByKind, B extends Bundle> {
  /** The target's name (`<target>.function.bundle`, `<target>.secret.missing` issues). */
  readonly target: string;
  /** The target's name in messages (`Azure`, `GCP`). */
  readonly label: string;
  /** The target's rule issues (limits, settings). */
  readonly issues: readonly ValidationIssue[];
  readonly secretValue?: (secret: Secret) => pulumi.Output<string> | undefined;
  readonly transforms?: Transforms<A>;
  /** Packages one function (throws a BundleError when it does not bundle). */
  package(fn: Function, kernel: KernelContext<N, A>): B;
}

/**
 * Validates `app` for a Pulumi target (neutral and target rules, then the secrets configured and
 * every function packaged), or throws one ValidationError with every issue. Nothing is declared.
 */
export function checkPulumiApp<N extends NativesByKind, A extends NativePropsByKind, B extends Bundle>(
  app: App,
  check: PulumiAppCheck<N, A, B>,
): CheckedPulumiApp<N, A, B> {
  let secretValues = new Map<Secret, pulumi.Output<string>>();
  const lateIssues = (): ValidationIssue[] => {
    const read = readSecretValues(app, check.target, check.secretValue);
    secretValues = read.values;
    return read.issues;
  };
  const natives = new NativesRegistry<N>(check.label);
  const degradations = new DegradationLog(check.target);
  const kernel = kernelContext<N, A>(app, natives, check.transforms, degradations);
  const packages = validateThenBundle(app, {
    target: check.target,
    issues: check.issues,
    lateIssues,
    bundle: (fn) => check.package(fn, kernel),
  });
  return { natives, kernel, secretValues, packages, degradations };
}

/** The result of a Pulumi target's build: native resources and the package of each function. */
export class PulumiTargetBuild<N extends NativesByKind, B extends Bundle> {
  /** @internal */
  constructor(
    private readonly natives: NativesRegistry<N>,
    private readonly packages: ReadonlyMap<Function, B>,
    private readonly label: string,
    /** Outputs worth exporting from the Pulumi program (API URLs...). */
    readonly outputs: Readonly<Record<string, pulumi.Input<string>>>,
    degradations: DegradationLog,
  ) {
    this.degradations = degradations.list();
  }

  /** Where this build gives a construct less than the neutral model promises, as its builders declared. */
  readonly degradations: readonly Degradation[];

  /** The native resources declared for a neutral construct: the escape hatch to raw Pulumi. */
  nativeOf<C extends KindMap[Kind]>(node: C): N[C['kind']] {
    return this.natives.nativeOf(node);
  }

  /** The package (the folder deployed as the function's code) of `fn`. */
  packageOf(fn: Function): B {
    const found = this.packages.get(fn);
    if (!found) throw new Error(`${fn.node.path} was not built by this ${this.label} build`);
    return found;
  }
}
