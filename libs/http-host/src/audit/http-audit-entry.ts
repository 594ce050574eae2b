// What the HTTP host's request log (`<ORCAOPS_HOME>/http/audit.log`, written by the kernel's AuditLog) records of a
// request: who, from where, which route and tool, how it ended, how long it took. No secrets and no arguments: the
// entry has no field for them, and query strings (where a client might put a key or arguments) are cut off the path.
import type { AuditRecord } from '@orcaops/kernel';

/** One request, as recorded. */
export interface HttpAuditEntry {
  /** ISO 8601 time the request arrived. */
  readonly time: string;
  readonly host: 'http';
  /** The API key's id; null for calls without one (no-auth mode, or refused before a key was found). */
  readonly key_id: string | null;
  /** The client's address. */
  readonly client: string;
  readonly method: string;
  /** The request path WITHOUT its query string: callers strip it (and the record strips it again). */
  readonly path: string;
  /** The tool the route called, if it reached one. */
  readonly tool: string | null;
  /** The HTTP status answered. */
  readonly status: number;
  /** `ok`, or the error code answered. */
  readonly outcome: string;
  readonly duration_ms: number;
}

/** Longest text kept per field: a log line stays small whatever a client sends. */
const FIELD_CHARS = { client: 256, method: 32, path: 2048, tool: 256, outcome: 64, key_id: 64 } as const;

/**
 * Exactly the entry's fields, in a fixed order, each bounded; anything else an untyped caller passes is left out,
 * and the path loses its query string and fragment.
 */
export function httpAuditRecord(entry: HttpAuditEntry): AuditRecord {
  const text = (value: unknown, max: number) => String(value ?? '').slice(0, max);
  return {
    time: text(entry.time, 64),
    host: 'http',
    key_id: entry.key_id === null || entry.key_id === undefined ? null : text(entry.key_id, FIELD_CHARS.key_id),
    client: text(entry.client, FIELD_CHARS.client),
    method: text(entry.method, FIELD_CHARS.method),
    path: String(entry.path ?? '').replace(/[?#].*$/s, '').slice(0, FIELD_CHARS.path),
    tool: entry.tool === null || entry.tool === undefined ? null : text(entry.tool, FIELD_CHARS.tool),
    status: Number.isFinite(entry.status) ? entry.status : 0,
    outcome: text(entry.outcome, FIELD_CHARS.outcome),
    duration_ms: Number.isFinite(entry.duration_ms) ? Math.max(0, entry.duration_ms) : 0,
  };
}
