import { http, messages, queue, table, type HttpResponse } from 'anycloud/runtime';

/** One item of the Visits table: one per greeting. */
interface Visit {
  readonly name: string;
  readonly messageId: string;
}

/** GET /hello/{name}: a greeting; the name goes to the Greeted queue. */
export const hello = http(async (req): Promise<HttpResponse> => {
  await queue('Greeted').send({ name: req.params.name });
  return { json: { message: `Hello, ${req.params.name}!` } };
});

/** Records each greeting. */
export const count = messages<{ name: string }>(async (message) => {
  await table<Visit>('Visits').put({ name: message.body.name, messageId: message.id });
});
