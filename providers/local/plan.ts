import { join } from 'node:path';
import type { App } from 'anycloud';
import { runBuilders } from 'anycloud/adapter';
import { kernelContext } from '../shared/build-context';
import { DegradationLog, type Degradation } from '../shared/degradation';
import { NativesRegistry } from '../shared/natives-registry';
import { LOCAL_BUILDERS } from './builders';
import { Channel } from './channel';
import type { Clock } from './clock';
import type { ConsumerPlan, LocalBuildContext } from './context';
import { checkLocalRules } from './limits';
import type { LocalNativeProps, LocalNatives } from './natives';
import { openOnce } from './open-once';
import type { LocalSecrets } from './secrets';

/** How long a failed delivery waits before it is retried. */
const RETRY_DELAY_MS = 1000;

/** What the local builders made for an app: natives per construct and the consumers to deliver to. */
export interface LocalPlan {
  readonly natives: NativesRegistry<LocalNatives>;
  readonly consumers: readonly ConsumerPlan[];
  readonly ctx: LocalBuildContext;
  /** What the local target gives a construct less than the clouds do, as its builders declared. */
  readonly degradations: readonly Degradation[];
  /** Closes what the app opened (databases); the plan can open them again on next use. */
  close(): void;
}

/** Where and how a local plan keeps its state. */
export interface LocalPlanOptions {
  readonly stateDir: string;
  readonly clock: Clock;
  readonly secrets: LocalSecrets;
}

/**
 * Validates `app` (neutral and local rules, all at once) and runs the local builders in the
 * shared build order. Nothing is opened or written: stores and channels open on first use, so
 * the same plan backs `anycloud dev`, `local(app)` and the `local` synth document.
 */
export function planLocal(app: App, options: LocalPlanOptions): LocalPlan {
  app.validate(checkLocalRules(app));
  const natives = new NativesRegistry<LocalNatives>('local');
  const degradations = new DegradationLog('local');
  const consumers: ConsumerPlan[] = [];
  const { stateDir, clock } = options;
  const opened: { close(): void }[] = [];
  const ctx: LocalBuildContext = {
    ...kernelContext<LocalNatives, LocalNativeProps>(app, natives, undefined, degradations),
    stateDir,
    clock,
    secrets: options.secrets,
    track: (resource) => {
      opened.push(resource);
      return resource;
    },
    channel: (name, fn, maxRetries) => ({
      file: join('channels', `${name}.json`),
      channel: openOnce(
        () =>
          new Channel(name, stateDir, clock, {
            visibilityTimeoutMs: 6 * (fn?.timeoutSeconds ?? 30) * 1000,
            maxRetries,
            retryDelayMs: RETRY_DELAY_MS,
          }),
      ),
    }),
    consume: (consumer) => void consumers.push(consumer),
    isoNow: () => new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  runBuilders(app, LOCAL_BUILDERS, ctx);
  return {
    natives,
    consumers,
    ctx,
    degradations: degradations.list(),
    close: () => opened.splice(0).forEach((r) => r.close()),
  };
}
