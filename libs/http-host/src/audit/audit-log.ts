// The HTTP host's audit log: one JSON line per call (who, from where, which route and tool, how it ended, how long
// it took) in `<ORCAOPS_HOME>/http/audit.log`, mode 0600. It records no secrets and no arguments: the entry has no
// field for them, and query strings (where a client might put a key or arguments) are cut off the path. Writing
// never holds up or fails a request: `append` queues the line and returns; a background drain writes queued lines
// in order, in batches. When the file would grow past `maxBytes` it is rotated (audit.log → audit.log.1 → … →
// audit.log.<keep>, the oldest dropped). One server process owns the log; lines that cannot be written are
// dropped and reported through `onError`, never thrown.
import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One call, as recorded. */
export interface AuditEntry {
  /** ISO 8601 time the call arrived. */
  readonly time: string;
  readonly host: 'http';
  /** The API key's id; null for calls without one (no-auth mode, or refused before a key was found). */
  readonly key_id: string | null;
  /** The client's address. */
  readonly client: string;
  readonly method: string;
  /** The request path WITHOUT its query string: callers strip it (and append strips it again). */
  readonly path: string;
  /** The tool the route called, if it reached one. */
  readonly tool: string | null;
  /** The HTTP status answered. */
  readonly status: number;
  /** `ok`, or the error code answered. */
  readonly outcome: string;
  readonly duration_ms: number;
}

export interface AuditLogOptions {
  readonly file: string;
  /** The log is rotated before a line would take it past this size. */
  readonly maxBytes: number;
  /** Rotated files kept: audit.log.1 … audit.log.<keep>. */
  readonly keep: number;
  /** Told about lines that could not be written (the request went on regardless). */
  readonly onError?: (error: unknown) => void;
  /** Lines waiting to be written at most; more are dropped (and reported) so a stuck disk cannot eat memory. */
  readonly maxQueued?: number;
}

/** Longest text kept per field: a log line stays small whatever a client sends. */
const FIELD_CHARS = { client: 256, method: 32, path: 2048, tool: 256, outcome: 64, key_id: 64 } as const;

export class AuditLog {
  private readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly onError: (error: unknown) => void;
  private readonly maxQueued: number;
  private readonly pending: string[] = [];
  private draining: Promise<void> | null = null;
  /** Bytes in the current file; null until looked up (and again after a failed write, when it is unknown). */
  private size: number | null = null;

  constructor(options: AuditLogOptions) {
    this.file = options.file;
    this.maxBytes = options.maxBytes;
    this.keep = Math.max(1, Math.floor(options.keep));
    this.onError = options.onError ?? (() => undefined);
    this.maxQueued = options.maxQueued ?? 10_000;
  }

  /** Queues one line; returns at once and never throws. */
  append(entry: AuditEntry): void {
    try {
      if (this.pending.length >= this.maxQueued) {
        this.report(new Error(`audit log ${this.file}: ${this.maxQueued} lines waiting to be written; dropped one`));
        return;
      }
      this.pending.push(`${JSON.stringify(sanitize(entry))}\n`);
      this.draining ??= this.drain().finally(() => {
        this.draining = null;
      });
    } catch (error) {
      this.report(error);
    }
  }

  /** Resolves when every queued line is written (or dropped). The log holds no open file, so this is all there is to close. */
  async close(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      let taken = false;
      try {
        this.size ??= await this.currentSize();
        if (this.size > 0 && this.size + Buffer.byteLength(this.pending[0]!) > this.maxBytes) {
          await this.rotate();
          this.size = 0;
        }
        const batch = this.takeBatch(this.maxBytes - this.size);
        taken = true;
        await appendFile(this.file, batch.text, { mode: 0o600 });
        this.size += batch.bytes;
      } catch (error) {
        // Lines that failed are dropped, never retried forever: the batch if it was taken, else the first line.
        if (!taken) this.pending.shift();
        this.size = null;
        this.report(error);
      }
    }
  }

  /** The next lines that fit in `room` bytes, at least one (a line longer than `maxBytes` gets a file of its own). */
  private takeBatch(room: number): { text: string; bytes: number } {
    let bytes = Buffer.byteLength(this.pending[0]!);
    let count = 1;
    while (count < this.pending.length) {
      const next = Buffer.byteLength(this.pending[count]!);
      if (bytes + next > room) break;
      bytes += next;
      count++;
    }
    return { text: this.pending.splice(0, count).join(''), bytes };
  }

  private async currentSize(): Promise<number> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    try {
      return (await stat(this.file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  /** audit.log.<keep-1> → .<keep> (replacing the oldest), …, audit.log → audit.log.1. */
  private async rotate(): Promise<void> {
    for (let index = this.keep - 1; index >= 1; index--) {
      await rename(`${this.file}.${index}`, `${this.file}.${index + 1}`).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await rename(this.file, `${this.file}.1`);
  }

  private report(error: unknown): void {
    try {
      this.onError(error);
    } catch {
      // The reporter failing must not reach the request either.
    }
  }
}

/**
 * Exactly the entry's fields, in a fixed order, each bounded; anything else an untyped caller passes is left out,
 * and the path loses its query string and fragment.
 */
function sanitize(entry: AuditEntry): AuditEntry {
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
