import type * as pulumi from '@pulumi/pulumi';
import type { Secret } from 'anycloud';
import type { GcpTransforms } from './natives';

/** Options of a GCP build. `deploy(app)` reads them from Pulumi config; every one can be given here. */
export interface GcpBuildOptions {
  /**
   * The Google Cloud project everything is declared in.
   * @default Pulumi config `gcp:project` (`pulumi config set gcp:project my-project`)
   */
  readonly project?: string;
  /**
   * Region of the functions, API gateways, scheduler jobs and buckets, e.g. `europe-west1`.
   * @default Pulumi config `gcp:region` (`pulumi config set gcp:region europe-west1`)
   */
  readonly region?: string;
  /**
   * Location of the app's Firestore database (a region such as `europe-west1`, or a
   * multi-region such as `eur3`). @default the region
   */
  readonly firestoreLocation?: string;
  /**
   * The value of each Secret. @default Pulumi secret config `anycloud:secret-<id>`
   * (`pulumi config set --secret anycloud:secret-ApiKey ...`)
   */
  readonly secretValue?: (secret: Secret) => pulumi.Output<string> | undefined;
  /** Most instances each function scales out to. @default 100 */
  readonly maximumInstanceCount?: number;
  /** Where function packages are built and cached. @default '<cwd>/.anycloud/build/gcp' */
  readonly buildDir?: string;
  /** Per-kind transforms of the native resource arguments (escape hatch). */
  readonly transforms?: GcpTransforms;
  /** Options given to every component (a provider, `protect`, Pulumi `transforms`...). */
  readonly componentOptions?: pulumi.ComponentResourceOptions;
}

/** Settings of a GCP build, with defaults applied. */
export interface GcpSettings {
  readonly project: string;
  readonly region: string;
  readonly firestoreLocation: string;
  readonly maximumInstanceCount: number;
}
