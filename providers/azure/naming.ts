import { createHash } from 'node:crypto';
import type { App, Resource } from 'anycloud';
import { physicalName, type NameRule } from 'anycloud/adapter';

/**
 * Azure naming rules per resource type, as data (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules):
 * every name anycloud makes fits its rule for any app, stage and construct id, and global names
 * (storage accounts, function apps, API Management, Key Vault) carry a stable hash so two apps
 * or stages never collide and a soft-deleted name is not reused by another app.
 */
export const AZURE_NAME_RULES = {
  /** Microsoft.Web/sites: 2-60, alphanumerics and `-`. Kept to 32: the Functions host id is the first 32 characters, and apps share the host account. */
  functionApp: { maxLength: 32, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** Microsoft.Web/serverfarms: 1-60, alphanumerics and `-`. */
  plan: { maxLength: 60, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** Microsoft.ManagedIdentity/userAssignedIdentities: 3-128, alphanumerics, `-` and `_`. */
  identity: { maxLength: 128, disallowed: /[^a-z0-9_-]/g, lowercase: true },
  /** Blob containers: 3-63 lowercase letters, digits and `-`, no `--`, alphanumeric at both ends. */
  container: { maxLength: 63, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** The deployment container of a function (same rule as containers). */
  deploymentContainer: { maxLength: 63, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** Queues: 3-63 lowercase letters, digits and `-`, no `--`; 56 so `-poison` still fits. */
  queue: { maxLength: 56, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** Tables: 3-63 alphanumerics, starting with a letter. */
  table: { maxLength: 63, disallowed: /[^a-z0-9]/g, lowercase: true },
  /** Event Grid topics: 3-50 alphanumerics and `-`. */
  eventGridTopic: { maxLength: 50, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** Event Grid event subscriptions: 3-64 alphanumerics and `-`. */
  eventSubscription: { maxLength: 64, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** API Management services: 1-50, letters, digits and `-`, starting with a letter (global: `*.azure-api.net`). */
  apim: { maxLength: 50, disallowed: /[^a-z0-9-]/g, lowercase: true },
  /** Key Vault secrets: 1-127 alphanumerics and `-`. */
  keyVaultSecret: { maxLength: 127, disallowed: /[^a-z0-9-]/g, lowercase: true },
} as const satisfies Record<string, NameRule>;

/** App-scoped names: storage accounts (3-24 `[a-z0-9]`, global), Key Vault (3-24, global), resource group, system topic. */
const APP_RULES = {
  storageAccount: { maxLength: 24, separator: '' },
  keyVault: { maxLength: 24, separator: '-' },
  resourceGroup: { maxLength: 90, separator: '-' },
  systemTopic: { maxLength: 50, separator: '-' },
} as const;

/** Collapses `--`, trims `-` at both ends, and starts with a letter. */
function tidy(name: string): string {
  const collapsed = name.replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(collapsed) ? collapsed : `a${collapsed}`;
}

/** The Azure name of `node` (plus an optional suffix) under `rule`. */
export function azureName(node: Resource, rule: keyof typeof AZURE_NAME_RULES, suffix = ''): string {
  const spec = AZURE_NAME_RULES[rule];
  const made = physicalName(node, spec, suffix);
  // Table names allow no `-` at all: physicalName's separators go.
  const name = tidy(spec.disallowed.test('-') ? made.replace(/-/g, '') : made);
  spec.disallowed.lastIndex = 0;
  // `tidy` may add a leading letter; the hash at the end always stays.
  return name.length <= spec.maxLength
    ? name
    : `${name.slice(0, spec.maxLength - 9).replace(/-+$/, '')}-${name.slice(-8)}`;
}

/** A name belonging to the app (not a construct): app, stage and role, then an 8-hex stable hash. */
export function appScopedName(app: App, rule: keyof typeof APP_RULES, role: string): string {
  const spec = APP_RULES[rule];
  const hash = createHash('sha256').update(`${app.name}/${app.stage}/${role}`).digest('hex').slice(0, 8);
  const lower = [app.name, app.stage, role].filter(Boolean).join('-').toLowerCase();
  const base =
    spec.separator === ''
      ? lower.replace(/[^a-z0-9]/g, '')
      : lower.replace(/[^a-z0-9-]/g, '-').replace(/-{2,}/g, '-');
  const room = spec.maxLength - hash.length - spec.separator.length;
  const head = base.slice(0, room).replace(/-+$/, '').replace(/^-+/, '');
  return tidy(`${/^[a-z]/.test(head) ? head : `a${head}`.slice(0, room)}${spec.separator}${hash}`);
}

/**
 * A role assignment's name: Azure requires a GUID. Derived from the scope, role and principal
 * (an RFC 4122 version-5-style UUID of their SHA-1), so the same grant keeps the same name.
 */
export function roleAssignmentName(scopeKey: string, roleId: string, principalKey: string): string {
  const h = createHash('sha1').update(`${scopeKey}\n${roleId}\n${principalKey}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
