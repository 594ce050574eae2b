import { fitItems, fitOutputBytes, jsonBytes, replyWireBytes } from '@orcaops/plugin-api';
import type { LogStreamName, RawLogLine } from './log-window.js';

/** One line of a container's log as a reply shows it. */
export interface LogLine {
  readonly stream: LogStreamName;
  readonly text: string;
  readonly timestamp?: string;
}

/** The newest lines that fit, and what they stand for. */
export interface FittedLogLines {
  readonly lines: LogLine[];
  /** Log bytes the kept lines stand for (text, newline, timestamp prefix). */
  readonly bytes: number;
  /** Escape sequences removed and characters shown as U+FFFD, over the kept lines. */
  readonly replaced: number;
  /** True when lines (or the start of the newest line) were left out. */
  readonly truncated: boolean;
}

/** Bytes a line costs in a reply besides its text: the stream and timestamp keys and their values, twice. */
const LINE_OVERHEAD_BYTES = 160;

/**
 * Keeps the newest lines whose text, as encoded in JSON (timestamps counted too), takes at most `maxBytes`, and
 * of those the newest whose whole reply (as `build` makes it) fits `roomBytes` on the wire. The newest line is
 * cut at its start when it alone does not fit. Lines show as text (decodeOutputText's policy). `build` should
 * make the reply with the widest values its other fields can take, so the real reply is no larger.
 */
export function fitLogLines(raw: readonly RawLogLine[], budget: { maxBytes: number; roomBytes: number }, build: (lines: readonly LogLine[]) => unknown): FittedLogLines {
  const lineRoom = Math.max(64, budget.roomBytes - replyWireBytes(build([])) - LINE_OVERHEAD_BYTES);
  const newestFirst: Array<{ line: LogLine; replaced: number; logBytes: number }> = [];
  let left = budget.maxBytes;
  let truncated = false;
  for (let index = raw.length - 1; index >= 0; index--) {
    const line = raw[index]!;
    const stamp = line.timestamp === undefined ? 0 : jsonBytes(line.timestamp);
    const newest = newestFirst.length === 0;
    const fitted = fitOutputBytes(line.bytes, {
      encoding: 'text',
      maxBytes: newest ? Math.max(2, left - stamp) : Number.MAX_SAFE_INTEGER,
      maxReplyBytes: lineRoom,
      keep: 'end',
      atStart: !line.cut,
      atEnd: true,
    });
    const cost = jsonBytes(fitted.text) + stamp;
    // Only the newest line is cut; an older one that does not fit whole ends the window.
    if (!newest && (cost > left || fitted.cut)) {
      truncated = true;
      break;
    }
    if (fitted.cut) truncated = true;
    left -= cost;
    const shown: LogLine = line.timestamp === undefined ? { stream: line.stream, text: fitted.text } : { stream: line.stream, text: fitted.text, timestamp: line.timestamp };
    newestFirst.push({ line: shown, replaced: fitted.replaced, logBytes: line.logBytes - (line.bytes.length - (fitted.to - fitted.from)) });
  }
  const oldestFirst = (kept: readonly (typeof newestFirst)[number][]) => kept.map((entry) => entry.line).reverse();
  const { kept } = fitItems(newestFirst, budget.roomBytes, (entries) => build(oldestFirst(entries)), Math.min(1, newestFirst.length));
  const shown = newestFirst.slice(0, kept);
  return {
    lines: oldestFirst(shown),
    bytes: shown.reduce((sum, entry) => sum + entry.logBytes, 0),
    replaced: shown.reduce((sum, entry) => sum + entry.replaced, 0),
    truncated: truncated || kept < newestFirst.length,
  };
}
