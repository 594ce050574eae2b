/**
 * Reply budgets. Every reply of every tool is limited in the bytes it puts on the wire: an MCP result carries the
 * envelope twice (as `structuredContent` and as JSON text, where escaping grows every quote and control
 * character again), so a size is measured as both copies, after JSON escaping. The invoker enforces the limit in
 * one place; tools whose output can grow (logs, lists, step output) use the helpers here to fit themselves first,
 * so that what they cut is said precisely, with offsets or cursors to get the rest.
 */

/** The reply limit a tool call runs under, on `ToolContext.reply`. */
export interface ReplyBudget {
  /** Bytes the whole reply (the envelope, counted as {@link replyWireBytes} counts it) may take. */
  readonly limit: number;
  /** The largest limit any call may ask for (configured; well under any client's message limit). */
  readonly max: number;
  /**
   * Raises this call's limit towards `bytes` (never above {@link max}, never below the current limit), for a
   * caller that asked for more output (e.g. a `max_bytes` argument). Returns the limit now in force.
   */
  raise(bytes: number): number;
}

/** Bytes an envelope takes in an MCP result: once as JSON (`structuredContent`) and once as a JSON string (text). */
export function replyWireBytes(envelope: unknown): number {
  const json = JSON.stringify(envelope) ?? 'null';
  return Buffer.byteLength(json) + Buffer.byteLength(JSON.stringify(json));
}

/** A string cut to fit a byte budget, and how much was cut. */
export interface FittedText {
  readonly text: string;
  /** UTF-16 code units removed (0 when nothing was cut). */
  readonly cutChars: number;
}

/**
 * Cuts `text` so that it costs at most `maxBytes` in a reply (counted as {@link replyWireBytes}, as if it were the whole reply). `keep: 'end'`
 * keeps the end (a log's tail), `'start'` the beginning. Never splits a surrogate pair.
 */
export function fitText(text: string, maxBytes: number, keep: 'start' | 'end' = 'start'): FittedText {
  if (replyWireBytes(text) <= maxBytes) return { text, cutChars: 0 };
  const slice = (length: number) => (keep === 'start' ? text.slice(0, length) : text.slice(text.length - length));
  // Every character costs at least 2 bytes (1 per copy), so the answer is at most maxBytes / 2 characters long.
  let low = 0;
  let high = Math.min(text.length, Math.max(0, Math.floor(maxBytes / 2)));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (replyWireBytes(slice(mid)) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  let kept = slice(low);
  if (keep === 'start' && isHighSurrogate(kept.charCodeAt(kept.length - 1))) kept = kept.slice(0, -1);
  if (keep === 'end' && isLowSurrogate(kept.charCodeAt(0))) kept = kept.slice(1);
  return { text: kept, cutChars: text.length - kept.length };
}

/** Longest excerpt of caller input that {@link quoteInput} puts in a message. */
export const QUOTE_MAX_CHARS = 64;

/**
 * Caller input as a short, escaped excerpt for an error message: JSON-quoted (so control characters and quotes
 * are visible and harmless) and cut to {@link QUOTE_MAX_CHARS} characters with the full length said.
 */
export function quoteInput(value: unknown, maxChars = QUOTE_MAX_CHARS): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  if (text.length <= maxChars) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, maxChars))}… (${text.length} characters)`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Default reply limit: enough for any summary, small enough for a model's context. */
export const DEFAULT_REPLY_BYTES = 64 * 1024;

/** Default for the largest limit a call may ask for. */
export const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024;

/** A {@link ReplyBudget} starting at `limit`, raisable up to `max`. */
export function createReplyBudget(limit = DEFAULT_REPLY_BYTES, max = Math.max(limit, DEFAULT_MAX_REPLY_BYTES)): ReplyBudget {
  let current = Math.min(limit, max);
  return {
    get limit() {
      return current;
    },
    max,
    raise(bytes) {
      current = Math.max(current, Math.min(max, Math.floor(bytes)));
      return current;
    },
  };
}
