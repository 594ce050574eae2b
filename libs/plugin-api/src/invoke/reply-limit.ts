import type { ErrorPayload } from '../errors/orca-error.js';
import { fitText, replyWireBytes } from '../tools/reply-budget.js';

/** What the invoker cut from a reply that was over its limit; published as the envelope's `reply_truncated`. */
export interface ReplyTruncation {
  readonly limit_bytes: number;
  readonly original_bytes: number;
  readonly strings_cut: number;
  readonly items_dropped: number;
  readonly suggestion: string;
}

/** Strings this short are never cut: ids, names, statuses and enum values stay intact. */
const MIN_CUT_CHARS = 256;
/** Room kept for the `reply_truncated` notice and the envelope itself. */
const NOTICE_BYTES = 1024;
const MAX_PASSES = 40;
const MIN_EXCESS_BYTES = 512;
/** The note a cut string ends with; a string cut again keeps one note with the total count. */
const CUT_NOTE = /…\[cut (\d+) characters to fit the reply limit\]$/;
/** What a cut note costs on the wire, at most (a count of up to 10 digits). */
const CUT_NOTE_BYTES = 2 * Buffer.byteLength('…[cut 1234567890 characters to fit the reply limit]') + 8;

const SUGGESTION =
  'The reply was cut to fit its byte limit. Ask for less: use the paging arguments (offset/limit/cursor), a smaller ' +
  'max_bytes, or a narrower filter; logs and artifacts are read in slices by their own tools.';

/**
 * Fits a success envelope within `limit` bytes on the wire (as {@link replyWireBytes} counts them). Tools fit
 * their growing fields themselves; this is the one place that guarantees the bound whatever a tool (a
 * third-party one included) returns. It first shortens long strings in proportion to their size, keeping their
 * start, then drops items from the end of the longest lists. Returns null when even that cannot fit (e.g. an
 * object with a huge number of keys), for the caller to answer with an error instead.
 */
export function limitReply(envelope: Record<string, unknown>, limit: number): { envelope: Record<string, unknown>; truncation: ReplyTruncation | null } | null {
  const original = replyWireBytes(envelope);
  if (original <= limit) return { envelope, truncation: null };
  const target = Math.max(0, limit - NOTICE_BYTES);
  const counts = { strings: 0, items: 0 };
  let current: unknown = envelope;
  let size = original;
  for (let pass = 0; pass < MAX_PASSES && size > target; pass++) {
    const strings = stringCost(current);
    // A floor on the excess, so that the last passes do not crawl towards the limit a few bytes at a time.
    const excess = Math.max(size - target, MIN_EXCESS_BYTES);
    if (strings > MIN_CUT_CHARS * 2 && pass < MAX_PASSES / 2) {
      // Keep the same fraction of every long string; a little extra each pass so that it converges.
      const keep = Math.max(0, 1 - (excess * (1 + pass * 0.25)) / strings);
      const before = size;
      current = cutStrings(current, keep, counts);
      size = replyWireBytes(current);
      if (size < before) continue;
    }
    const dropped = dropFromLongestList(current, counts);
    if (dropped === current) break;
    current = dropped;
    size = replyWireBytes(current);
  }
  if (size > target) return null;
  const truncation: ReplyTruncation = {
    limit_bytes: limit,
    original_bytes: original,
    strings_cut: counts.strings,
    items_dropped: counts.items,
    suggestion: SUGGESTION,
  };
  return { envelope: { ...(current as Record<string, unknown>), reply_truncated: truncation }, truncation };
}

/** Longest error message and suggestion, in characters: a message quotes input only in short excerpts. */
const MAX_MESSAGE_CHARS = 2000;

/** An error payload bounded like any reply: message and suggestion cut, details shortened or left out. */
export function limitError(error: ErrorPayload, limit: number): ErrorPayload {
  const bounded: ErrorPayload = {
    ...error,
    message: cutPlain(error.message, MAX_MESSAGE_CHARS),
    suggestion: cutPlain(error.suggestion, MAX_MESSAGE_CHARS),
  };
  if (replyWireBytes({ success: false, error: bounded }) <= limit || !bounded.details) return bounded;
  const { details: _dropped, ...withoutDetails } = bounded;
  const room = limit - replyWireBytes({ success: false, error: withoutDetails }) - 64;
  const details = room > NOTICE_BYTES ? limitReply(bounded.details, room) : null;
  return details ? { ...withoutDetails, details: details.envelope } : withoutDetails;
}

function cutPlain(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters cut)`;
}

function stringCost(value: unknown): number {
  let total = 0;
  visit(value, (text) => {
    if (text.length > MIN_CUT_CHARS) total += replyWireBytes(text);
  });
  return total;
}

function visit(value: unknown, onString: (text: string) => void): void {
  if (typeof value === 'string') onString(value);
  else if (Array.isArray(value)) value.forEach((item) => visit(item, onString));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((item) => visit(item, onString));
}

function cutStrings(value: unknown, keep: number, counts: { strings: number }): unknown {
  if (typeof value === 'string') {
    const note = CUT_NOTE.exec(value);
    const text = note ? value.slice(0, note.index) : value;
    if (text.length <= MIN_CUT_CHARS) return value;
    const budget = Math.max(MIN_CUT_CHARS, Math.floor(replyWireBytes(value) * keep) - CUT_NOTE_BYTES);
    const fitted = fitText(text, budget);
    if (fitted.cutChars === 0) return value;
    if (!note) counts.strings++;
    return `${fitted.text}…[cut ${Number(note?.[1] ?? 0) + fitted.cutChars} characters to fit the reply limit]`;
  }
  if (Array.isArray(value)) return value.map((item) => cutStrings(item, keep, counts));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cutStrings(item, keep, counts)]));
  }
  return value;
}

/** Halves the list that costs most (its tail goes); returns the same value when there is no list to shorten. */
function dropFromLongestList(root: unknown, counts: { items: number }): unknown {
  let longest: unknown[] | null = null;
  let longestCost = 0;
  const find = (value: unknown) => {
    if (Array.isArray(value)) {
      if (value.length > 1) {
        const cost = replyWireBytes(value);
        if (cost > longestCost) {
          longest = value;
          longestCost = cost;
        }
      }
      value.forEach(find);
    } else if (value !== null && typeof value === 'object') Object.values(value).forEach(find);
  };
  find(root);
  if (!longest) return root;
  const target: unknown[] = longest;
  const rebuild = (value: unknown): unknown => {
    if (value === target) {
      const kept = Math.floor(target.length / 2);
      counts.items += target.length - kept;
      return target.slice(0, kept);
    }
    if (Array.isArray(value)) return value.map(rebuild);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rebuild(item)]));
    return value;
  };
  return rebuild(root);
}
