import type { NameRule } from 'anycloud/adapter';

export { physicalName, stableHash, type NameRule } from 'anycloud/adapter';

/** Naming rules per AWS resource type (see PROVIDER-FACTS.md, section C). */
export const NAME_RULES = {
  lambda: { maxLength: 64, disallowed: /[^A-Za-z0-9_-]/g },
  dynamodb: { maxLength: 255, disallowed: /[^A-Za-z0-9_.-]/g },
  sqs: { maxLength: 80, disallowed: /[^A-Za-z0-9_-]/g },
  sns: { maxLength: 256, disallowed: /[^A-Za-z0-9_-]/g },
  secret: { maxLength: 512, disallowed: /[^A-Za-z0-9/_+=.@-]/g },
  httpApi: { maxLength: 128, disallowed: /[^A-Za-z0-9_-]/g },
  schedule: { maxLength: 64, disallowed: /[^A-Za-z0-9_.-]/g },
} as const satisfies Record<string, NameRule>;
