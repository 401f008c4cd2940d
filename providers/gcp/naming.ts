import { createHash } from 'node:crypto';
import type { App, Resource } from 'anycloud';
import { physicalName, type NameRule } from 'anycloud/adapter';

/**
 * GCP naming rules per resource type, as data: every name anycloud makes fits its rule for any
 * app, stage and construct id, and global names (buckets) carry a stable hash so two apps or
 * stages never collide.
 */
export const GCP_NAME_RULES = {
  /** Cloud Functions: `^[a-z][a-z0-9-]{0,61}[a-z0-9]$` (lowercase only, so the Cloud Run service has the same name). */
  function: { maxLength: 63, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** Cloud Storage buckets: 3-63 `[a-z0-9-_.]`, global, no `goog` prefix. */
  bucket: { maxLength: 63, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** Pub/Sub topics and subscriptions: 3-255, start with a letter, no `goog` prefix; 251 so `-dlq` fits. */
  pubsub: { maxLength: 251, disallowed: /[^a-zA-Z0-9-_.~+%]/g, lowercase: true },
  /** Cloud Scheduler jobs: 1-500 `[A-Za-z0-9_-]`. */
  schedulerJob: { maxLength: 500, disallowed: /[^a-z0-9_-]/g, lowercase: true },
  /** Secret Manager secret ids: 1-255 `[A-Za-z0-9_-]`. */
  secret: { maxLength: 255, disallowed: /[^a-z0-9_-]/g, lowercase: true },
  /** Firestore collection ids of tables: any text without `/`; kept to `[a-z0-9_]`. */
  collection: { maxLength: 100, disallowed: /[^a-z0-9_]/g, lowercase: true },
  /** API Gateway API and gateway ids: 1-63 `[a-z0-9-]`, starting with a letter. */
  apiGateway: { maxLength: 63, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** API Gateway config id prefix: the provider appends a 26-character suffix to a 63-character id. */
  apiConfigPrefix: { maxLength: 36, disallowed: /[^a-z0-9-]/g, lowercase: true },
} as const satisfies Record<string, NameRule>;

/** Starts with a letter, no `--`, no `-` at either end. */
function tidy(name: string): string {
  const collapsed = name.replace(/-{2,}/g, '-').replace(/^[-_]+|[-_]+$/g, '');
  const lettered = /^[a-z]/.test(collapsed) ? collapsed : `a${collapsed}`;
  return lettered.startsWith('goog') ? `a-${lettered}` : lettered;
}

/** The GCP name of `node` (plus an optional suffix) under `rule`. */
export function gcpName(node: Resource, rule: keyof typeof GCP_NAME_RULES, suffix = ''): string {
  const spec = GCP_NAME_RULES[rule];
  const name = tidy(physicalName(node, spec, suffix));
  return name.length <= spec.maxLength
    ? name
    : `${name.slice(0, spec.maxLength - 9).replace(/[-_]+$/, '')}-${name.slice(-8)}`;
}

const hash8 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

/**
 * A service account id: 6-30 `[a-z0-9-]`, starting with a letter, ending alphanumeric. Too short
 * for a path, so the construct's id (or a role) then an 8-hex hash of app, stage and path.
 */
export function serviceAccountId(app: App, key: string, label: string): string {
  const head = tidy(label.toLowerCase().replace(/[^a-z0-9-]/g, '-'))
    .slice(0, 21)
    .replace(/-+$/, '');
  return `${head.length > 0 ? head : 'sa'}-${hash8(`${app.name}/${app.stage}/${key}`)}`.padStart(6, 'a');
}

/** The app's Firestore database id: 4-63 `[a-z0-9-]`, a letter first, alphanumeric last, not UUID-like. */
export function databaseId(app: App): string {
  const base = tidy(`${app.name}-${app.stage}`.toLowerCase().replace(/[^a-z0-9-]/g, '-'))
    .slice(0, 63 - 9)
    .replace(/-+$/, '');
  return `${base}-${hash8(`${app.name}/${app.stage}/firestore`)}`;
}

/** A bucket name of the app (not a construct): app, stage, role, then an 8-hex stable hash (global names). */
export function appBucketName(app: App, role: string): string {
  const base = tidy(`${app.name}-${app.stage}-${role}`.toLowerCase().replace(/[^a-z0-9-]/g, '-'))
    .slice(0, 63 - 9)
    .replace(/-+$/, '');
  return `${base}-${hash8(`${app.name}/${app.stage}/${role}`)}`;
}
