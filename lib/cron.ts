/** One part of a cron field: `*`, a value, a range, each with an optional step. */
export interface CronPart {
  /** True for `*`. */
  readonly any: boolean;
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

/** A parsed 5-field cron expression: minute, hour, day of month, month, day of week (0-6, 0 = Sunday). */
export interface CronExpression {
  readonly minute: readonly CronPart[];
  readonly hour: readonly CronPart[];
  readonly dayOfMonth: readonly CronPart[];
  readonly month: readonly CronPart[];
  readonly dayOfWeek: readonly CronPart[];
}

interface FieldSpec {
  readonly name: keyof CronExpression;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'dayOfWeek', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

function parseValue(text: string, spec: FieldSpec): number | undefined {
  const byName = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (byName >= 0) return byName + (spec.name === 'month' ? 1 : 0);
  if (!/^\d{1,2}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= spec.min && n <= spec.max ? n : undefined;
}

function parsePart(text: string, spec: FieldSpec): CronPart | string {
  const [base, stepText, extra] = text.split('/');
  if (extra !== undefined) return `"${text}" has more than one "/"`;
  const step = stepText === undefined ? 1 : /^\d{1,2}$/.test(stepText) ? Number(stepText) : 0;
  if (step < 1) return `step in "${text}" must be a positive number`;
  if (base === '*')
    return { any: true, start: spec.min, end: spec.name === 'dayOfWeek' ? 6 : spec.max, step };
  const [from, to, more] = base.split('-');
  if (more !== undefined) return `"${text}" is not a value or a range`;
  const start = parseValue(from, spec);
  const end = to === undefined ? (stepText === undefined ? start : spec.max) : parseValue(to, spec);
  if (start === undefined || end === undefined) {
    return `"${text}" is out of range for ${spec.name} (${spec.min}-${spec.max}${spec.names ? ' or names' : ''})`;
  }
  if (end < start) return `range "${text}" ends before it starts`;
  return { any: false, start, end, step };
}

/**
 * Parses a standard 5-field cron expression (`*`, values, names, ranges, lists, steps).
 * Returns an error sentence instead when the expression is not valid.
 */
export function parseCron(value: unknown): CronExpression | string {
  if (typeof value !== 'string') return 'cron must be a string of 5 fields';
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5)
    return `cron must have 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  const result: Partial<Record<keyof CronExpression, CronPart[]>> = {};
  for (const [index, spec] of FIELDS.entries()) {
    const parts: CronPart[] = [];
    for (const piece of fields[index].split(',')) {
      const part = parsePart(piece, spec);
      if (typeof part === 'string') return `${spec.name}: ${part}`;
      parts.push(part);
    }
    result[spec.name] = parts;
  }
  return result as CronExpression;
}
