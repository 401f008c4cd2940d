import { HttpError, http, table } from 'anycloud/runtime';

/** GET /itemsN/{id}: one item. */
export const handler = http(async (request) => {
  const item = await table('Items').get({ pk: request.params.id });
  if (!item) throw new HttpError(404, 'not found');
  return { json: item };
});
