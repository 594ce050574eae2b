import { fitOutputBytes } from '@orcaops/plugin-api';

/** A build log's tail as a reply shows it. */
export interface LogTail {
  /** The end of the output, as text (terminal escape sequences removed, other control characters as U+FFFD). */
  readonly text: string;
  /** Bytes of output the build printed in all. */
  readonly total_bytes: number;
  /** Bytes of it that `text` shows (the last ones). */
  readonly shown_bytes: number;
  /** True when the start of the output was left out. */
  readonly truncated: boolean;
  /** Escape sequences removed and characters replaced to show it as text; 0 means it is exactly the output. */
  readonly replaced: number;
}

/**
 * Collects a build's output keeping only its last `capacity` bytes in memory (a build can print gigabytes), and
 * counting all of it, so that the reply can show the tail, where a failure is explained, and say what it left out.
 */
export class BuildLog {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly capacity: number) {}

  append(text: string): void {
    const chunk = Buffer.from(text);
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.chunks.length > 1 && this.kept - this.chunks[0]!.length >= this.capacity) this.kept -= this.chunks.shift()!.length;
  }

  // #region tail
  /** The end of the log fitting `maxBytes` of JSON text and `maxReplyBytes` in a reply (both copies). */
  tail(maxBytes: number, maxReplyBytes: number): LogTail {
    const all = Buffer.concat(this.chunks);
    const bytes = all.subarray(Math.max(0, all.length - this.capacity));
    const fitted = fitOutputBytes(bytes, { encoding: 'text', maxBytes, maxReplyBytes, keep: 'end', atStart: bytes.length === this.total, atEnd: true });
    const shown = fitted.to - fitted.from;
    return { text: fitted.text, total_bytes: this.total, shown_bytes: shown, truncated: shown < this.total, replaced: fitted.replaced };
  }
  // #endregion tail
}
