/**
 * A response as a conformance case sees it, on any target: what an HTTP client (`fetch`) gets,
 * so a `content-encoding` such as gzip is already decoded in `bytes` and `text`.
 */
export interface ConformanceResponse {
  readonly status: number;
  /** Header names in lower case (`set-cookie` is in {@link cookies}). */
  readonly headers: Record<string, string>;
  /** Every `Set-Cookie` header, in order. */
  readonly cookies: readonly string[];
  readonly bytes: Uint8Array;
  readonly text: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * What a target provides to run the conformance cases: HTTP into the app's API, delivery of
 * pending messages and events, the dead letters of a queue, and firing a schedule.
 */
export interface ConformanceRunner {
  fetch(
    method: string,
    path: string,
    init?: { body?: string | Uint8Array; headers?: Record<string, string> },
  ): Promise<ConformanceResponse>;
  /** Delivers every pending message and event (with retries and dead-lettering) until nothing is left. */
  drain(): Promise<void>;
  /** Bodies of the messages in a queue's dead-letter queue. */
  deadLetters(queueId: string): Promise<unknown[]>;
  /** Fires schedule `scheduleId` once, as the target's scheduler would, at `time`. */
  fireSchedule(scheduleId: string, time: string): Promise<void>;
}

/**
 * A case a target cannot meet because its platform answers first, stated and tested: the reason,
 * and the check of what the platform does instead (so a change of behaviour is seen either way).
 */
export interface ConformanceDeviation {
  readonly reason: string;
  /**
   * The id of the degradation the target's builders declare for it (`anycloud check` shows it):
   * a target may deviate from a case only where it says so to the user.
   */
  readonly degradation: string;
  run(t: ConformanceRunner): Promise<void>;
}

/** A target's conformance harness: deploys the conformance app where that target's runtime runs. */
export interface ConformanceHarness {
  /**
   * True when the target maps HttpApi auth: the app gets protected routes from a test issuer and
   * the auth cases run. A target that does not yet map it refuses auth at synth time.
   */
  readonly auth?: boolean;
  /** Cases this target deviates from, by case name (listed in the README). */
  readonly deviations?: Readonly<Record<string, ConformanceDeviation>>;
  /** Starts the target with `app`; `close` stops everything it started. */
  start(app: import('anycloud').App): Promise<{ runner: ConformanceRunner; close(): Promise<void> }>;
}
