/**
 * Throw from an HTTP handler to answer with `status` and a JSON `{ "error": message }` body.
 * Any other error answers 500 without leaking its message.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
