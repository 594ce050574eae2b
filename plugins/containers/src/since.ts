/**
 * `since` for container logs: an ISO 8601 time with a zone (`2024-05-01T12:00:00Z`, `2024-05-01T14:00:00+02:00`),
 * a date (`2024-05-01`, midnight UTC), or a duration back from now: whole or decimal numbers with the units s, m,
 * h and d, alone or combined (`30s`, `10m`, `1.5h`, `1h30m`, `2d`).
 */
export const SINCE_HELP =
  'An ISO 8601 time with a zone (2024-05-01T12:00:00Z), a date (2024-05-01, midnight UTC), or a duration back from now ' +
  '(30s, 10m, 2h, 1d, 1h30m).';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/i;
const DURATION = /^(\d+(\.\d+)?[smhd])+$/i;
const DURATION_PART = /(\d+(?:\.\d+)?)([smhd])/gi;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** True when {@link parseSince} accepts the value. */
export function isValidSince(value: string): boolean {
  return parseSince(value, new Date(0)) !== null;
}

/** The time `value` names, or null when it is neither form. */
export function parseSince(value: string, now: Date): Date | null {
  const text = value.trim();
  if (DURATION.test(text)) {
    let seconds = 0;
    for (const [, amount, unit] of text.matchAll(DURATION_PART)) seconds += Number(amount) * UNIT_SECONDS[unit!.toLowerCase()]!;
    return new Date(now.getTime() - seconds * 1000);
  }
  if (!ISO_TIME.test(text)) return null;
  // A bare time of day without seconds ("T12:00") or with a fraction longer than milliseconds is valid ISO 8601
  // but not always for Date.parse; normalise the fraction to milliseconds first.
  const time = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(time) ? null : new Date(time);
}

/** Unix seconds for the engine (whole seconds; rounding down includes the start of the second). */
export function toUnixSeconds(date: Date): number {
  return Math.max(0, Math.floor(date.getTime() / 1000));
}
