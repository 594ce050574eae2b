import { closeSync, openSync, writeSync } from 'node:fs';
import type { StepOutput } from '@orcaops/contracts';
import type { Redactor, StreamRedactor } from '@orcaops/plugin-api';

/** Bytes of each step's output kept in the record itself. */
export const STEP_TAIL_BYTES = 4096;

const WRITE_BUFFER_BYTES = 64 * 1024;
/** Longest time output waits in the buffer: the log is read while the job runs (orcaops_get_job_logs). */
export const LIVE_FLUSH_MS = 100;

/**
 * Appends one output stream of a job to its log file and remembers, per step, where that step's bytes lie and
 * the last few KiB of them. Writes are synchronous: the Docker log stream is not read again until the bytes are
 * on disk, so memory stays flat however much a job prints.
 */
export class StepLogWriter {
  private readonly fd: number;
  private size = 0;
  /** Bytes not yet written: one system call per 64 KiB, not per output line. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private current: { step: number; offset: number; tail: Buffer[]; tailBytes: number; dropped: boolean } | null = null;
  private readonly finished = new Map<number, StepOutput>();
  /** Secrets' values are cut out before anything is kept; a value split across two chunks too. */
  private readonly redaction: StreamRedactor | null;

  constructor(path: string, redactor?: Redactor) {
    // Truncate: a re-attached supervisor replays the container's log from the start.
    this.fd = openSync(path, 'w');
    this.redaction = redactor ? redactor.stream() : null;
  }

  startStep(step: number): void {
    this.endStep();
    this.current = { step, offset: this.size, tail: [], tailBytes: 0, dropped: false };
  }

  write(chunk: Buffer): void {
    this.append(this.redaction ? this.redaction.write(chunk) : chunk);
  }

  private append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= WRITE_BUFFER_BYTES) this.flush();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), LIVE_FLUSH_MS);
      this.flushTimer.unref();
    }
    this.size += chunk.length;
    const current = this.current;
    if (!current) return;
    current.tail.push(Buffer.from(chunk.subarray(Math.max(0, chunk.length - STEP_TAIL_BYTES))));
    current.tailBytes += Math.min(chunk.length, STEP_TAIL_BYTES);
    if (chunk.length > STEP_TAIL_BYTES) current.dropped = true;
    while (current.tailBytes - current.tail[0]!.length >= STEP_TAIL_BYTES) {
      current.tailBytes -= current.tail.shift()!.length;
      current.dropped = true;
    }
  }

  /** Writes buffered bytes to the file. */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
  }

  endStep(): void {
    // What the redaction held back belongs to the step that printed it.
    if (this.redaction) this.append(this.redaction.end());
    this.flush();
    const current = this.current;
    if (!current) return;
    this.finished.set(current.step, this.describe(current));
    this.current = null;
  }

  /** What is known so far about a step's output on this stream. */
  output(step: number): StepOutput {
    if (this.current?.step === step) return this.describe(this.current);
    return this.finished.get(step) ?? { offset: this.size, bytes: 0, tail: '', tail_truncated: false };
  }

  close(): void {
    this.endStep();
    this.flush();
    closeSync(this.fd);
  }

  private describe(current: NonNullable<StepLogWriter['current']>): StepOutput {
    let tail = Buffer.concat(current.tail);
    let truncated = current.dropped;
    if (tail.length > STEP_TAIL_BYTES) {
      tail = tail.subarray(tail.length - STEP_TAIL_BYTES);
      truncated = true;
    }
    return { offset: current.offset, bytes: this.size - current.offset, tail: decodeTail(tail, truncated), tail_truncated: truncated };
  }
}

/** Decodes a tail that may start in the middle of a multi-byte character. */
function decodeTail(bytes: Buffer, cut: boolean): string {
  let start = 0;
  // Skip UTF-8 continuation bytes (10xxxxxx) at the cut.
  while (cut && start < bytes.length && start < 4 && (bytes[start]! & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('utf8');
}
