/** What a secret's value is replaced with wherever OrcaOps stores or shows output. */
export const REDACTED = '[secret]';

/**
 * Shorter values are refused as secrets: redacting them would cut up ordinary output, and a value at least as long
 * as {@link REDACTED} never makes a redacted reply longer than its byte budget allowed.
 */
export const MIN_SECRET_BYTES = 8;

/**
 * The secret values this process knows, and their removal from text and byte streams. A value is known from the
 * moment it is resolved (secrets.ts) and stays known for the life of the process, so output printed later, by
 * any tool, is redacted too.
 */
export class Redactor {
  private readonly values = new Map<string, Buffer>();
  private longest = 0;

  add(value: string): void {
    if (Buffer.byteLength(value) < MIN_SECRET_BYTES || this.values.has(value)) return;
    this.values.set(value, Buffer.from(value));
    this.longest = Math.max(this.longest, Buffer.byteLength(value));
  }

  get size(): number {
    return this.values.size;
  }

  /** `text` with every known value replaced by {@link REDACTED}, longest values first (one may contain another). */
  redactText(text: string): string {
    if (this.values.size === 0) return text;
    let result = text;
    for (const value of this.byLength()) if (result.includes(value)) result = result.split(value).join(REDACTED);
    return result;
  }

  /** `value` with every string in it (keys excepted) redacted; the same object when nothing needed it. */
  redactValue<T>(value: T): T {
    if (this.values.size === 0) return value;
    const visit = (node: unknown): unknown => {
      if (typeof node === 'string') return this.redactText(node);
      if (Array.isArray(node)) return node.map(visit);
      if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, visit(item)]));
      return node;
    };
    return visit(value) as T;
  }

  /**
   * A filter for one output stream. A value split across two chunks is still found: each chunk's last bytes that
   * could begin a value are held back until the next chunk (or `end`), so what comes out is delayed by at most
   * the longest value's length less one byte.
   */
  stream(): StreamRedactor {
    return new StreamRedactor(this);
  }

  /** @internal */
  redactBytes(bytes: Buffer): Buffer {
    if (this.values.size === 0) return bytes;
    let result = bytes;
    for (const value of this.byLength()) {
      const needle = this.values.get(value)!;
      if (result.indexOf(needle) === -1) continue;
      const parts: Buffer[] = [];
      let from = 0;
      for (let at = result.indexOf(needle); at !== -1; at = result.indexOf(needle, from)) {
        parts.push(result.subarray(from, at), Buffer.from(REDACTED));
        from = at + needle.length;
      }
      parts.push(result.subarray(from));
      result = Buffer.concat(parts);
    }
    return result;
  }

  /** @internal How many trailing bytes of `bytes` could be the start of a known value. */
  heldBack(bytes: Buffer): number {
    const limit = Math.min(bytes.length, this.longest - 1);
    for (let keep = limit; keep > 0; keep--) {
      const tail = bytes.subarray(bytes.length - keep);
      for (const needle of this.values.values()) if (needle.length > keep && needle.subarray(0, keep).equals(tail)) return keep;
    }
    return 0;
  }

  private byLength(): string[] {
    return [...this.values.keys()].sort((a, b) => b.length - a.length);
  }
}

/** See {@link Redactor.stream}. */
export class StreamRedactor {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly redactor: Redactor) {}

  /** The redacted bytes that can be let out now. */
  write(chunk: Buffer): Buffer {
    if (this.redactor.size === 0 && this.pending.length === 0) return chunk;
    const redacted = this.redactor.redactBytes(Buffer.concat([this.pending, chunk]));
    const keep = this.redactor.heldBack(redacted);
    this.pending = Buffer.from(redacted.subarray(redacted.length - keep));
    return redacted.subarray(0, redacted.length - keep);
  }

  /** Whatever was held back, at the end of the stream. */
  end(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
