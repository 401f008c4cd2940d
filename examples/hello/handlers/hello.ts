import { http } from 'anycloud/runtime';

/** GET /hello/{name} → a greeting. */
export const handler = http(async (request) => ({
  json: { message: `Hello, ${request.params.name ?? 'world'}!` },
}));
