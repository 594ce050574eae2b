/**
 * Readers for the sandbox and container tools' outputs, which reach the TUI as `Record<string, unknown>`: each
 * picks a field it shows and tolerates a missing or mistyped one. The job and run views read theirs through the
 * schemas in @orcaops/contracts instead (read-output.ts); these go once the sandbox and container outputs move there.
 */

export function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** A non-empty string, or null. */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of an array field (anything else dropped). */
export function records(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The strings of an array field. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
