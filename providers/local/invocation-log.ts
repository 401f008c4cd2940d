/** One invocation, as `anycloud dev` logs it. */
export interface InvocationLog {
  readonly function: string;
  readonly trigger: string;
  readonly status: string;
  readonly ms: number;
  readonly error?: string;
}
