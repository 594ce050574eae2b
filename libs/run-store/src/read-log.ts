import { open, type FileHandle } from 'node:fs/promises';
import { OrcaError, fitOutputBytes, outputReadBytes, type OutputEncoding, type OutputFit } from '@orcaops/plugin-api';
import { type LogReadOptions, type LogSlice } from '@orcaops/contracts';
import { errnoCode } from './layout.js';

/** Bytes read per step when scanning a tail backwards. */
const TAIL_CHUNK = 64 * 1024;
const NEWLINE = 0x0a;
/** Bytes read before a slice's start, to tell whether the start is inside a character (UTF-8: at most 3). */
const CONTEXT_BYTES = 3;

type Budget = Pick<OutputFit, 'encoding' | 'maxBytes' | 'maxReplyBytes'>;

/**
 * Reads a bounded slice of a log file without loading the rest of it. With `tailLines`, the last lines before
 * `end` (or EOF), never before `offset` (so `offset` + `end` + `tailLines` is "the tail of one step"), keeping
 * the end when they do not fit; otherwise forward from `offset` (default 0), keeping the start. The budget is
 * the encoded text (see {@link LogReadOptions}); offsets are exact file offsets of the bytes kept, so reading on
 * from `nextOffset` never skips or repeats a byte. Memory stays within about the budget: at most
 * {@link outputReadBytes} bytes are read. Text edges never split a UTF-8 character. A missing file reads as empty.
 */
export async function readLogSlice(path: string, options: LogReadOptions): Promise<LogSlice> {
  validate(options);
  const encoding: OutputEncoding = options.encoding ?? 'text';
  const budget: Budget = { encoding, maxBytes: options.maxBytes, ...(options.maxReplyBytes === undefined ? {} : { maxReplyBytes: options.maxReplyBytes }) };
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { text: '', encoding, replaced: 0, offset: 0, nextOffset: null, size: 0, truncated: false };
    throw error;
  }
  try {
    // One size for the whole read: a writer appending meanwhile must not make the slice inconsistent.
    const size = (await handle.stat()).size;
    const rangeEnd = Math.min(options.end ?? size, size);
    const rangeStart = Math.min(options.offset ?? 0, rangeEnd);
    return options.tailLines === undefined
      ? await readForward(handle, rangeStart, rangeEnd, budget, size)
      : await readTail(handle, rangeStart, rangeEnd, options.tailLines, budget, size);
  } finally {
    await handle.close();
  }
}

async function readForward(handle: FileHandle, start: number, rangeEnd: number, budget: Budget, size: number): Promise<LogSlice> {
  const stop = Math.min(rangeEnd, start + outputReadBytes(budget));
  const base = Math.max(0, start - CONTEXT_BYTES);
  const bytes = await readRange(handle, base, stop);
  const fitted = fitOutputBytes(bytes, { ...budget, keep: 'start', context: start - base, atStart: base === 0 });
  return describe(fitted, base, rangeEnd, size, budget.encoding, fitted.cut || bytes.length - (start - base) < rangeEnd - start);
}

async function readTail(handle: FileHandle, lower: number, upper: number, tailLines: number, budget: Budget, size: number): Promise<LogSlice> {
  if (tailLines === 0) return { text: '', encoding: budget.encoding, replaced: 0, offset: upper, nextOffset: null, size, truncated: false };
  const limit = outputReadBytes(budget);
  const chunks: Buffer[] = [];
  let position = upper;
  let newlines = 0;
  let lineStart: number | null = null;
  scan: while (position > lower && upper - position < limit) {
    const length = Math.min(TAIL_CHUNK, position - lower, limit - (upper - position));
    const chunk = await readRange(handle, position - length, position);
    position -= length;
    chunks.unshift(chunk);
    for (let index = chunk.length - 1; index >= 0; index--) {
      // A newline as the very last byte ends the last line; it does not start an empty one.
      if (chunk[index] !== NEWLINE || position + index === upper - 1) continue;
      if (++newlines === tailLines) {
        lineStart = position + index + 1;
        break scan;
      }
    }
  }
  // Without the wanted newline, the tail starts where scanning stopped: at `lower` (everything fits) or at the
  // read limit, in which case earlier lines were left out.
  const start = lineStart ?? position;
  const base = Math.max(0, start - CONTEXT_BYTES);
  const context = await readRange(handle, base, start);
  const bytes = Buffer.concat([context, Buffer.concat(chunks).subarray(start - position)]);
  const fitted = fitOutputBytes(bytes, { ...budget, keep: 'end', context: context.length, atStart: base === 0 });
  return describe(fitted, base, upper, size, budget.encoding, fitted.cut || (lineStart === null && position > lower));
}

/** The slice of fitted bytes (which start, context included, at file offset `start`). */
function describe(
  fitted: ReturnType<typeof fitOutputBytes>,
  start: number,
  rangeEnd: number,
  size: number,
  encoding: OutputEncoding,
  truncated: boolean,
): LogSlice {
  const stop = start + fitted.to;
  return {
    text: fitted.text,
    encoding,
    replaced: fitted.replaced,
    offset: start + fitted.from,
    nextOffset: stop < rangeEnd ? stop : null,
    size,
    truncated,
  };
}

/** Reads bytes [start, stop); shorter only if the file shrank meanwhile. */
async function readRange(handle: FileHandle, start: number, stop: number): Promise<Buffer> {
  const buffer = Buffer.alloc(Math.max(0, stop - start));
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function validate(options: LogReadOptions): void {
  if (options.maxBytes === undefined) throw new OrcaError('VALIDATION_ERROR', 'Log reads need maxBytes.');
  const fields: Array<[string, number | undefined, number]> = [
    ['maxBytes', options.maxBytes, 1],
    ['maxReplyBytes', options.maxReplyBytes, 1],
    ['tailLines', options.tailLines, 0],
    ['offset', options.offset, 0],
    ['end', options.end, 0],
  ];
  for (const [name, value, min] of fields) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
      throw new OrcaError('VALIDATION_ERROR', `Log read option ${name} must be an integer of at least ${min} (got ${value}).`);
    }
  }
  if (options.encoding !== undefined && options.encoding !== 'text' && options.encoding !== 'base64') {
    throw new OrcaError('VALIDATION_ERROR', `Log read option encoding must be "text" or "base64".`);
  }
}
