import { http, table } from 'anycloud/runtime';

/** One item of the Notes table. */
export interface Note {
  readonly userId: string;
  readonly noteId: string;
  readonly text: string;
}

/** POST /users/{userId}/notes with `{ "text": "..." }`: stores a note and returns it. */
export const addNote = http(async (req) => {
  const { text } = await req.json<{ text?: unknown }>();
  if (typeof text !== 'string' || !text) return { status: 400, json: { error: 'text is required' } };
  const note: Note = { userId: req.params.userId, noteId: `${Date.now()}-${crypto.randomUUID()}`, text };
  await table<Note>('Notes').put(note);
  return { status: 201, json: note };
});

/** GET /users/{userId}/notes: the user's notes, oldest first. */
export const listNotes = http(async (req) => {
  const page = await table<Note>('Notes').query({ partition: req.params.userId });
  return { json: { items: page.items } };
});
