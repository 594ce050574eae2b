/** An event the runner script wrote between the job's output. */
export type MarkerEvent =
  | { readonly kind: 'step-start'; readonly step: number }
  | { readonly kind: 'step-end'; readonly step: number; readonly exitCode: number }
  | { readonly kind: 'done'; readonly exitCode: number };

/** Receives one stream's output split at markers. */
export interface MarkerSink {
  /** Output bytes that belong to the job (markers removed). */
  output(chunk: Buffer): void;
  /** `offset`: where in the stream (bytes pushed so far, markers included) the marker's last byte lies. */
  marker(event: MarkerEvent, offset: number): void;
}

/**
 * Splits one output stream of a job container into payload and marker events, across arbitrary chunk
 * boundaries, holding back at most one marker's worth of bytes. A marker is `\n\x1eorcaops:<nonce> <event>\n`;
 * the per-job nonce keeps a command's own output from being mistaken for one.
 */
export class MarkerParser {
  private readonly sentinel: Buffer;
  private carry: Buffer = Buffer.alloc(0);
  /** Bytes pushed before the current chunk. */
  private pushed = 0;

  constructor(
    nonce: string,
    private readonly sink: MarkerSink,
  ) {
    this.sentinel = Buffer.from(`\n\x1eorcaops:${nonce} `);
  }

  push(chunk: Buffer): void {
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = this.pushed - this.carry.length;
    this.pushed += chunk.length;
    this.carry = Buffer.alloc(0);
    for (;;) {
      const at = data.indexOf(this.sentinel);
      if (at === -1) break;
      const lineEnd = data.indexOf(0x0a, at + this.sentinel.length);
      if (lineEnd === -1) {
        this.emit(data.subarray(0, at));
        this.carry = Buffer.from(data.subarray(at));
        return;
      }
      this.emit(data.subarray(0, at));
      const event = parseEvent(data.subarray(at + this.sentinel.length, lineEnd).toString('utf8'));
      if (event) this.sink.marker(event, start + lineEnd);
      data = data.subarray(lineEnd + 1);
      start += lineEnd + 1;
    }
    const keep = this.partialSentinelSuffix(data);
    this.emit(data.subarray(0, data.length - keep));
    if (keep > 0) this.carry = Buffer.from(data.subarray(data.length - keep));
  }

  /** Bytes of the stream fully handled: everything pushed except what is held back. */
  get settled(): number {
    return this.pushed - this.carry.length;
  }

  /** Flushes held-back bytes at the end of the stream (they were output, not a marker). */
  end(): void {
    this.emit(this.carry);
    this.carry = Buffer.alloc(0);
  }

  private emit(bytes: Buffer): void {
    if (bytes.length > 0) this.sink.output(bytes);
  }

  /**
   * Length of the longest suffix of `data` that is a proper prefix of the sentinel. The sentinel starts with a
   * newline, so only suffixes starting at a newline can qualify: one `lastIndexOf` per candidate, not one
   * comparison per length.
   */
  private partialSentinelSuffix(data: Buffer): number {
    const floor = Math.max(0, data.length - (this.sentinel.length - 1));
    for (let at = data.lastIndexOf(0x0a); at >= floor; at = at > 0 ? data.lastIndexOf(0x0a, at - 1) : -1) {
      const length = data.length - at;
      if (data.subarray(at).equals(this.sentinel.subarray(0, length))) return length;
    }
    return 0;
  }
}

function parseEvent(line: string): MarkerEvent | null {
  const [kind, first, ...rest] = line.split(' ');
  const number = Number(first);
  switch (kind) {
    case 'step-start':
      return Number.isInteger(number) ? { kind, step: number } : null;
    case 'step-end':
      return Number.isInteger(number) && rest.length === 1 ? { kind, step: number, exitCode: Number(rest[0]) } : null;
    case 'done':
      return Number.isInteger(number) ? { kind, exitCode: number } : null;
    default:
      return null;
  }
}
