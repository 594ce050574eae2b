// What the kernel's audit log records of a call that may change something: when, from which host, which tool, on
// what, how it ended and how long it took. Nothing else: never the arguments (only the values of a fixed list of
// identifying keys, shortened), never the result, never an error message (it may quote input).
import type { AuditRecord } from './audit-log.js';

/** The hosts that start a kernel; `unknown` for one that did not say (a test, an embedding). */
export const HOST_NAMES = ['mcp', 'cli', 'tui', 'http'] as const;
export type HostName = (typeof HOST_NAMES)[number];

/** One call, as recorded. */
export interface CallAuditEntry {
  /** ISO 8601 time the call started. */
  readonly time: string;
  readonly host: HostName | 'unknown';
  readonly tool: string;
  /** What the call acted on, from {@link TARGET_KEYS} only, e.g. `job_id=job-1`; null when it names nothing. */
  readonly target: string | null;
  /** `ok`, or the error code. */
  readonly outcome: string;
  readonly duration_ms: number;
}

/**
 * The argument keys that say what a call acts on, in the order they are written. Only these are read: other
 * arguments (commands, env, paths, variables) may hold secrets or bulk, and identify nothing.
 */
export const TARGET_KEYS = ['job_id', 'name', 'container_id', 'image', 'template', 'template_id', 'service', 'filename'] as const;

/** Longest value kept per key: enough for any id, image reference or sandbox name; a line stays small. */
export const TARGET_VALUE_CHARS = 128;
const TOOL_CHARS = 128;
const OUTCOME_CHARS = 64;

/** The call's target: `key=value` for each identifying key given a string or number, space-separated. */
export function callTarget(args: unknown): string | null {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return null;
  const parts: string[] = [];
  for (const key of TARGET_KEYS) {
    if (!Object.hasOwn(args, key)) continue;
    const value = (args as Record<string, unknown>)[key];
    // An object or list in an identifying key is not an identification (it fails validation anyway).
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    parts.push(`${key}=${shorten(String(value), TARGET_VALUE_CHARS)}`);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

/** The entry for a call that started at `startedAt` (ms) and ended now with `outcome`. */
export function callAuditEntry(call: {
  readonly host: HostName | 'unknown';
  readonly tool: string;
  readonly args: unknown;
  readonly startedAt: number;
  readonly outcome: string;
  readonly endedAt?: number;
}): CallAuditEntry {
  return {
    time: new Date(call.startedAt).toISOString(),
    host: call.host,
    tool: shorten(call.tool, TOOL_CHARS),
    target: callTarget(call.args),
    outcome: shorten(call.outcome, OUTCOME_CHARS),
    duration_ms: Math.max(0, Math.round((call.endedAt ?? Date.now()) - call.startedAt)),
  };
}

/** Exactly the entry's fields, in a fixed order: anything else an untyped caller put in the entry is left out. */
export function callAuditRecord(entry: CallAuditEntry): AuditRecord {
  return { time: entry.time, host: entry.host, tool: entry.tool, target: entry.target, outcome: entry.outcome, duration_ms: entry.duration_ms };
}

/** At most `max` characters, the cut marked with `…` (whole code points: a cut never leaves half a character). */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  // Only the start is looked at (at most two UTF-16 units a character): a huge value costs no more than a short one.
  const head = Array.from(text.slice(0, max * 2));
  if (head.length <= max && text.length <= max * 2) return text;
  return `${head.slice(0, max - 1).join('')}…`;
}
