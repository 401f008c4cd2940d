import type { CronExpression, CronPart } from 'anycloud/adapter';

function partText(part: CronPart, min: number, max: number, shift = 0): string {
  if (part.any) return part.step === 1 ? '*' : `*/${part.step}`;
  const start = part.start + shift;
  const end = part.end + shift;
  const range = start === end ? `${start}` : `${start}-${end}`;
  return part.step === 1
    ? range
    : end === max + shift && start !== end
      ? `${start}/${part.step}`
      : `${range}/${part.step}`;
}

function fieldText(parts: readonly CronPart[], min: number, max: number, shift = 0): string {
  return parts.map((p) => partText(p, min, max, shift)).join(',');
}

function isAny(parts: readonly CronPart[]): boolean {
  return parts.length === 1 && parts[0].any && parts[0].step === 1;
}

/**
 * Translates a neutral 5-field cron to EventBridge's 6-field `cron(...)`: day of week moves
 * from 0-6 (0 = Sunday) to 1-7 (1 = Sunday), and one of the two day fields becomes `?`.
 * Returns an error sentence when EventBridge cannot express the expression.
 */
export function toEventBridgeCron(cron: CronExpression): string {
  const dowUnrestricted = isAny(cron.dayOfWeek);
  const domUnrestricted = isAny(cron.dayOfMonth);
  if (!dowUnrestricted && !domUnrestricted) {
    throw new Error(
      'EventBridge cannot run on "day-of-month OR day-of-week"; restrict only one of the two day fields',
    );
  }
  // Sunday may be written 7 in the neutral cron; EventBridge wants 1.
  const dayOfWeek = cron.dayOfWeek.map((p) =>
    p.start === 7 && p.end === 7 ? { ...p, start: 0, end: 0 } : p,
  );
  if (dayOfWeek.some((p) => !p.any && p.end === 7)) {
    throw new Error(
      'a day-of-week range ending in 7 (Sunday) cannot be shifted to EventBridge numbering; write 0 for Sunday',
    );
  }
  const fields = [
    fieldText(cron.minute, 0, 59),
    fieldText(cron.hour, 0, 23),
    dowUnrestricted ? fieldText(cron.dayOfMonth, 1, 31) : '?',
    fieldText(cron.month, 1, 12),
    dowUnrestricted ? '?' : fieldText(dayOfWeek, 0, 6, 1),
    '*',
  ];
  return `cron(${fields.join(' ')})`;
}
