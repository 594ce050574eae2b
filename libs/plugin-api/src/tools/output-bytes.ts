import { decodeOutputText, type OutputText } from './output-text.js';
import { replyWireBytes } from './reply-budget.js';
import { characterBoundary, characterEnd, characterStart } from './utf8-edges.js';

/**
 * How program output goes into a reply: `text` as {@link decodeOutputText} shows it (readable, not byte-exact;
 * `replaced` says how much differs), or `base64`, exactly the bytes.
 */
export type OutputEncoding = 'text' | 'base64';

/** The output encodings, for tool input schemas. */
export const OUTPUT_ENCODINGS = ['text', 'base64'] as const satisfies readonly OutputEncoding[];

/** What a piece of output may cost, and which end of it to keep when it costs more. */
export interface OutputFit {
  readonly encoding: OutputEncoding;
  /** Bytes the encoded output may take in JSON: UTF-8 bytes of `JSON.stringify(text)`, quotes included. */
  readonly maxBytes: number;
  /** Also at most this in a reply, both copies ({@link replyWireBytes} of the text alone); none when absent. */
  readonly maxReplyBytes?: number;
  /** `start` for reading on (paging forward), `end` for a tail. */
  readonly keep: 'start' | 'end';
  /**
   * Bytes before this index are context only (default 0): they are not shown, but tell whether the first byte
   * shown is inside a character. Up to 3 bytes of context make the start edge exact.
   */
  readonly context?: number;
  /** `bytes[0]` is where the output begins, so nothing before it can have been cut off. */
  readonly atStart?: boolean;
  /**
   * The bytes end where the output ends and nothing more will be written: a character cut off at the end is
   * shown (as U+FFFD) instead of being held back for the next read.
   */
  readonly atEnd?: boolean;
}

/** Output fitted to a budget: `bytes[from, to)` shown as `text` (indexes into the bytes given, context included). */
export interface FittedOutput extends OutputText {
  readonly from: number;
  readonly to: number;
  /** True when the budget left bytes out (a character or escape sequence held back at the end does not count). */
  readonly cut: boolean;
}

/** Bytes of `JSON.stringify(text)`: what a string takes in a reply's JSON. */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text));
}

/** Output bytes in an encoding: text as {@link decodeOutputText} shows it, base64 exact (`replaced` 0). */
export function encodeOutput(bytes: Uint8Array, encoding: OutputEncoding): OutputText {
  if (encoding === 'text') return decodeOutputText(bytes);
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'), replaced: 0 };
}

/**
 * The most raw bytes worth reading (or keeping in memory) for a budget. Encoded output is never shorter than the
 * bytes it shows, except where text mode removes escape sequences, so this bounds memory without reading blind.
 */
export function outputReadBytes(fit: Pick<OutputFit, 'encoding' | 'maxBytes' | 'maxReplyBytes'>): number {
  // Every byte that stays costs at least one byte in each of the reply's two copies.
  const encoded = Math.min(fit.maxBytes, fit.maxReplyBytes === undefined ? Number.POSITIVE_INFINITY : Math.floor(fit.maxReplyBytes / 2));
  // At least one whole character (or base64 group), so a reader paging on always moves.
  if (fit.encoding === 'base64') return Math.max(3, Math.floor(Math.max(0, encoded - 2) / 4) * 3);
  return Math.max(4, encoded);
}

/**
 * Keeps as much of `bytes` as fits `fit` in the chosen encoding: the start (for paging on) or the end (a tail).
 * Text edges never split a UTF-8 character, and an escape sequence cut off at the end is held back, so the next
 * slice shows it whole. When not even one character fits, one is kept anyway (a few bytes over a tiny budget),
 * so that paging always makes progress. Costs O(log n) conversions of at most `bytes.length` bytes.
 */
export function fitOutputBytes(bytes: Uint8Array, fit: OutputFit): FittedOutput {
  const text = fit.encoding === 'text';
  const length = bytes.length;
  const startAt = (index: number, to: number): number => {
    if (!text) return index;
    const judged = characterBoundary(bytes, index, to);
    if (judged !== null) return judged;
    // Nothing before `index` to judge by: a real start is a boundary; after an unknown cut, skip what looks like
    // the rest of a character.
    return fit.atStart ? index : characterStart(bytes, index, to);
  };
  const context = Math.min(fit.context ?? 0, length);
  const endAt = (from: number, index: number) => (text && (index < length || !fit.atEnd) ? holdBackEscape(bytes, from, characterEnd(bytes, from, index)) : index);
  const show = (from: number, to: number, cut: boolean): FittedOutput => ({ ...encodeOutput(bytes.subarray(from, to), fit.encoding), from, to, cut });
  const fits = (from: number, to: number): boolean => {
    const shown = encodeOutput(bytes.subarray(from, to), fit.encoding).text;
    return jsonBytes(shown) <= fit.maxBytes && (fit.maxReplyBytes === undefined || replyWireBytes(shown) <= fit.maxReplyBytes);
  };

  if (fit.keep === 'start') {
    const from = startAt(context, length);
    let whole = endAt(from, length);
    // Only a partial character is left: show it, so a reader looping on the next offset finishes.
    if (whole === from && length > from) whole = length;
    if (whole === from || fits(from, whole)) return show(from, whole, false);
    // Largest raw end whose (edge-adjusted) slice fits; `from` itself (nothing) always counts as fitting.
    let low = from;
    let high = whole - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(from, endAt(from, mid))) low = mid;
      else high = mid - 1;
    }
    let to = endAt(from, low);
    if (to === from) to = firstCharacterEnd(from, whole, endAt);
    return show(from, to, true);
  }

  let to = text && !fit.atEnd ? holdBackEscape(bytes, context, characterEnd(bytes, context, length)) : length;
  if (to === context && length > context) to = length;
  const first = startAt(context, to);
  if (first >= to || fits(first, to)) return show(first, to, false);
  // Smallest raw start whose (edge-adjusted) slice fits; `to` itself (nothing) always counts as fitting.
  let low = first + 1;
  let high = to;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (fits(startAt(mid, to), to)) high = mid;
    else low = mid + 1;
  }
  let from = startAt(low, to);
  if (from >= to && to > first) {
    // Not even the last character fits: keep it anyway.
    let lead = to - 1;
    while (lead > first && startAt(lead, to) >= to) lead--;
    from = startAt(lead, to);
  }
  return show(from, to, true);
}

/** End of the first character after `from` (its slice adjusted as `endAt` does), for minimal progress. */
function firstCharacterEnd(from: number, whole: number, endAt: (from: number, index: number) => number): number {
  for (let index = from + 1; index <= whole; index++) {
    const end = endAt(from, index);
    if (end > from) return end;
  }
  return whole;
}

const ESC = 0x1b;
/** How far back an unfinished escape sequence is looked for; longer ones (rare OSC strings) are left cut. */
const ESCAPE_SCAN = 64;

/** End index (≤ `to`) that leaves out an escape sequence begun but not finished before `to`; never `from`. */
function holdBackEscape(bytes: Uint8Array, from: number, to: number): number {
  for (let index = to - 1; index >= Math.max(from + 1, to - ESCAPE_SCAN); index--) {
    if (bytes[index] === ESC) return escapeFinished(bytes, index, to) ? to : index;
  }
  return to;
}

/** Whether the escape sequence at `at` ends before `to` (the last ESC before `to`, so none follows it). */
function escapeFinished(bytes: Uint8Array, at: number, to: number): boolean {
  let index = at + 1;
  if (index >= to) return false;
  const kind = bytes[index]!;
  // OSC, DCS, SOS, PM, APC strings end with BEL or ESC \; no ESC follows this one, so only BEL can end it.
  if (kind === 0x5d || kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f) {
    for (index++; index < to; index++) if (bytes[index] === 0x07 && kind === 0x5d) return true;
    return false;
  }
  // CSI: parameter and intermediate bytes, then one final byte. Other ESC sequences: intermediates, then final.
  const [low, high] = kind === 0x5b ? [0x20, 0x3f] : [0x20, 0x2f];
  if (kind === 0x5b) index++;
  while (index < to && bytes[index]! >= low && bytes[index]! <= high) index++;
  return index < to;
}
