import { App, Function, HttpApi, Table } from 'anycloud';

// The whole app, described once: `npx anycloud dev` runs it here, `npx cdk deploy` on AWS,
// `pulumi up` on Cloudflare. Handler entry paths are resolved from the working directory:
// run every command from this folder.
const app = new App({ name: 'anycloud-init-app', stage: 'dev' });

const notes = new Table(app, 'Notes', { partitionKey: 'userId', sortKey: 'noteId' });
const addNote = new Function(app, 'AddNote', { entry: 'handlers/notes.ts', handler: 'addNote' });
const listNotes = new Function(app, 'ListNotes', { entry: 'handlers/notes.ts', handler: 'listNotes' });
notes.grantReadWrite(addNote);
notes.grantRead(listNotes);

const api = new HttpApi(app, 'Api');
api.route('POST /users/{userId}/notes', addNote);
api.route('GET /users/{userId}/notes', listNotes);

export default app;
