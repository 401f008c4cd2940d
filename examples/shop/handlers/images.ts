import { objectEvent, table } from 'anycloud/runtime';

/** Runs when an image is uploaded under images/: records its thumbnail entry. */
export const handler = objectEvent(async (event) => {
  await table('Thumbnails').put({
    key: event.key,
    thumbnail: `thumbnails/${event.key.replace(/^images\//, '')}`,
    size: event.size ?? 0,
    createdAt: event.time,
  });
});
