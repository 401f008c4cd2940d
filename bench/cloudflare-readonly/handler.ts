import { http, table } from 'anycloud/runtime';

/** GET: reads one item of Notes (through whatever binding this function's grant gave it). */
export const read = http(async (request) => ({
  json: (await table('Notes').get({ id: request.query.id ?? 'n' })) ?? null,
}));

/** PUT: stores one item (read-write grant). */
export const write = http(async (request) => {
  await table('Notes').put({ id: request.query.id ?? 'n', text: 'x'.repeat(100) });
  return { status: 201 };
});
