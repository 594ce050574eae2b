// An append-only audit log: one JSON line per entry, in a file of mode 0600, rotated by size (audit.log →
// audit.log.1 → … → audit.log.<keep>, the oldest dropped). Used by the kernel for calls that change something
// (`<ORCAOPS_HOME>/audit.log`) and by the HTTP host for requests (`<ORCAOPS_HOME>/http/audit.log`).
//
// Writing never holds up or fails a call: `append` queues the line and returns; a background drain writes queued
// lines in order, in batches. Lines that cannot be written are dropped and reported through `onError`, never thrown.
//
// Several processes may write one file (they share ORCAOPS_HOME). Each batch is written under a lock file
// (`<file>.lock`, see file-lock.ts) that also covers the size check and the rotation, so two processes never both
// rotate, never write into a file being rotated, and no file grows past `maxBytes`. Each batch goes out in one
// write() on a file opened for appending, so lines of different processes never mix within a line.
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withFileLock } from './file-lock.js';

/** What one line holds: flat, bounded values only (the entry's own type decides which). */
export type AuditRecord = Readonly<Record<string, string | number | boolean | null>>;

export interface AuditLogOptions<Entry> {
  readonly file: string;
  /** The log is rotated before a line would take it past this size. */
  readonly maxBytes: number;
  /** Rotated files kept: audit.log.1 … audit.log.<keep>. */
  readonly keep: number;
  /**
   * The line written for an entry: exactly these fields, each bounded. The log writes nothing else, so a field an
   * untyped caller adds to the entry never reaches the file.
   */
  readonly toRecord: (entry: Entry) => AuditRecord;
  /** Told about lines that could not be written (the call went on regardless). */
  readonly onError?: (error: unknown) => void;
  /** Lines waiting to be written at most; more are dropped (and reported) so a stuck disk cannot eat memory. */
  readonly maxQueued?: number;
  /** A lock older than this was left by a process that died and is broken (default 5 s; a batch takes ms). */
  readonly lockStaleMs?: number;
}

/** Most bytes written by one write(): small enough to go out whole. */
const MAX_BATCH_BYTES = 64 * 1024;
const DEFAULT_LOCK_STALE_MS = 5000;

export class AuditLog<Entry> {
  private readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly toRecord: (entry: Entry) => AuditRecord;
  private readonly onError: (error: unknown) => void;
  private readonly maxQueued: number;
  private readonly lockStaleMs: number;
  private readonly pending: string[] = [];
  private draining: Promise<void> | null = null;

  constructor(options: AuditLogOptions<Entry>) {
    this.file = options.file;
    this.maxBytes = options.maxBytes;
    this.keep = Math.max(1, Math.floor(options.keep));
    this.toRecord = options.toRecord;
    this.onError = options.onError ?? (() => undefined);
    this.maxQueued = options.maxQueued ?? 10_000;
    this.lockStaleMs = options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS;
  }

  /** Queues one line; returns at once and never throws. */
  append(entry: Entry): void {
    try {
      if (this.pending.length >= this.maxQueued) {
        this.report(new Error(`audit log ${this.file}: ${this.maxQueued} lines waiting to be written; dropped one`));
        return;
      }
      this.pending.push(`${JSON.stringify(this.toRecord(entry))}\n`);
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
        await this.locked(async () => {
          let size = await this.currentSize();
          if (size > 0 && size + Buffer.byteLength(this.pending[0]!) > this.maxBytes) {
            await this.rotate();
            size = 0;
          }
          const batch = this.takeBatch(Math.min(this.maxBytes - size, MAX_BATCH_BYTES));
          taken = true;
          await this.write(batch);
        });
      } catch (error) {
        // Lines that failed are dropped, never retried forever: the batch if it was taken, else the first line.
        if (!taken) this.pending.shift();
        this.report(error);
      }
    }
  }

  /** Runs `work` under the log's lock file, making the log's directory first if it is missing. */
  private async locked(work: () => Promise<void>): Promise<void> {
    const lock = `${this.file}.lock`;
    try {
      await withFileLock(lock, work, { staleMs: this.lockStaleMs });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || (error as NodeJS.ErrnoException).path !== lock) throw error;
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      await withFileLock(lock, work, { staleMs: this.lockStaleMs });
    }
  }

  /** The next lines that fit in `room` bytes, at least one (a line longer than `maxBytes` gets a file of its own). */
  private takeBatch(room: number): Buffer {
    let bytes = Buffer.byteLength(this.pending[0]!);
    let count = 1;
    while (count < this.pending.length) {
      const next = Buffer.byteLength(this.pending[count]!);
      if (bytes + next > room) break;
      bytes += next;
      count++;
    }
    return Buffer.from(this.pending.splice(0, count).join(''));
  }

  /** One write() of the whole batch; a short write (a full disk) is finished, though then it may mix with others'. */
  private async write(batch: Buffer): Promise<void> {
    const handle = await open(this.file, 'a', 0o600);
    try {
      let offset = 0;
      while (offset < batch.length) offset += (await handle.write(batch, offset)).bytesWritten;
    } finally {
      await handle.close();
    }
  }

  private async currentSize(): Promise<number> {
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
      // The reporter failing must not reach the call either.
    }
  }
}
