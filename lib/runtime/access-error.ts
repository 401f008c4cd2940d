/**
 * Thrown when a handler uses a resource its function was not granted, or uses it beyond
 * the granted access. The message names the grant to add.
 */
export class AccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessError';
  }
}
