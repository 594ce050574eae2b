/** Which stream a log line came from. */
export type LogStreamName = 'stdout' | 'stderr';

/** One line of a container's log as the engine sent it, without its newline (and without the timestamp). */
export interface RawLogLine {
  readonly stream: LogStreamName;
  readonly bytes: Buffer;
  /** RFC 3339 with nanoseconds, as the engine wrote it; only when timestamps were asked for. */
  readonly timestamp?: string;
  /** The start of the line was dropped (it was longer than the cap). */
  readonly cut: boolean;
  /** Log bytes the line stands for: its bytes, the newline and, when asked for, the timestamp prefix. */
  readonly logBytes: number;
}

/** What the window holds once the log has been read. */
export interface LogWindowResult {
  readonly lines: RawLogLine[];
  /** Log bytes the lines stand for. */
  readonly bytes: number;
  /** True when older output (or the start of an over-long line) was dropped to stay within the cap. */
  readonly truncated: boolean;
}

const NEWLINE = 0x0a;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})) /;
/** Longest timestamp prefix looked for (RFC 3339 with nanoseconds and an offset, and the space). */
const TIMESTAMP_PREFIX = 40;

/**
 * Keeps the newest `maxBytes` of a log that arrives as chunks of two interleaved streams, as raw lines in
 * arrival order. Memory stays within about twice `maxBytes` however much is pushed: older lines are dropped as
 * newer ones arrive, and a line longer than the cap keeps only its end. Each stream's unfinished line is carried
 * over to its next chunk, so a line split across chunks comes out whole. Bytes stay bytes here; how they are shown
 * (and what that costs in a reply) is decided when the window is read.
 */
export class LogWindow {
  private entries: RawLogLine[] = [];
  /** Index of the oldest kept entry (dropping from the front without shifting the array each time). */
  private head = 0;
  private bytes = 0;
  private truncated = false;
  private readonly pending: Record<LogStreamName, { chunks: Buffer[]; bytes: number; cut: boolean }> = {
    stdout: { chunks: [], bytes: 0, cut: false },
    stderr: { chunks: [], bytes: 0, cut: false },
  };

  constructor(
    private readonly maxBytes: number,
    /** Lines start with the engine's timestamp and a space: split it off into `timestamp`. */
    private readonly timestamps: boolean,
  ) {}

  push(stream: LogStreamName, chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline >= 0; newline = chunk.indexOf(NEWLINE, start)) {
      this.hold(stream, chunk.subarray(start, newline));
      this.flush(stream);
      start = newline + 1;
    }
    if (start < chunk.length) this.hold(stream, chunk.subarray(start));
  }

  /** Ends both streams: an unfinished last line counts as a line. */
  end(): LogWindowResult {
    for (const stream of ['stdout', 'stderr'] as const) if (this.pending[stream].bytes > 0 || this.pending[stream].cut) this.flush(stream);
    return { lines: this.entries.slice(this.head), bytes: this.bytes, truncated: this.truncated };
  }

  /** Adds to the stream's unfinished line, keeping only its last `maxBytes`. */
  private hold(stream: LogStreamName, part: Buffer): void {
    if (part.length === 0) return;
    const pending = this.pending[stream];
    pending.chunks.push(Buffer.from(part)); // a copy: the caller may reuse its buffer
    pending.bytes += part.length;
    if (pending.bytes > this.maxBytes) {
      const joined = Buffer.concat(pending.chunks);
      pending.chunks = [joined.subarray(joined.length - this.maxBytes)];
      pending.bytes = this.maxBytes;
      pending.cut = true;
      this.truncated = true;
    }
  }

  private flush(stream: LogStreamName): void {
    const pending = this.pending[stream];
    let raw = pending.chunks.length === 1 ? pending.chunks[0]! : Buffer.concat(pending.chunks);
    let cut = pending.cut;
    this.pending[stream] = { chunks: [], bytes: 0, cut: false };
    if (raw.length > 0 && raw[raw.length - 1] === 0x0d) raw = raw.subarray(0, raw.length - 1);
    if (raw.length + 1 > this.maxBytes) {
      raw = raw.subarray(raw.length - (this.maxBytes - 1));
      cut = true;
      this.truncated = true;
    }
    const logBytes = raw.length + 1;
    const match = this.timestamps && !cut ? TIMESTAMP.exec(raw.subarray(0, TIMESTAMP_PREFIX).toString('latin1')) : null;
    const line: RawLogLine = match
      ? { stream, bytes: raw.subarray(match[0].length), timestamp: match[1]!, cut, logBytes }
      : { stream, bytes: raw, cut, logBytes };
    this.add(line);
  }

  private add(line: RawLogLine): void {
    this.entries.push(line);
    this.bytes += line.logBytes;
    while (this.bytes > this.maxBytes && this.head < this.entries.length - 1) {
      this.bytes -= this.entries[this.head]!.logBytes;
      this.head += 1;
      this.truncated = true;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
