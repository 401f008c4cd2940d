// The part of the Workers runtime module `cloudflare:workers` anycloud uses (and its tests).
declare module 'cloudflare:workers' {
  /** A class whose public methods other Workers call through a service binding (Workers RPC). */
  export class WorkerEntrypoint<Env = unknown> {
    protected readonly env: Env;
    protected readonly ctx: unknown;
    constructor(ctx: unknown, env: Env);
  }
  /** The Worker's bindings, importable anywhere in its code. */
  export const env: Record<string, unknown>;
}
