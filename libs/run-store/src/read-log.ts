import { open, type FileHandle } from 'node:fs/promises';
import { OrcaError, type LogReadOptions, type LogSlice } from '@orcaops/plugin-api';
import { errnoCode } from './layout.js';
import { characterEnd, characterStart } from './utf8.js';

/** Bytes read per step when scanning a tail backwards. */
const TAIL_CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Reads a bounded slice of a log file without loading the rest of it. With `tailLines`, the last lines before
 * `end` (or EOF), never before `offset` (so `offset` + `end` + `tailLines` is "the tail of one step"); otherwise
 * forward from `offset` (default 0). At most `maxBytes` bytes are read. Slice edges never split a UTF-8
 * character. A missing file reads as empty.
 */
export async function readLogSlice(path: string, options: LogReadOptions): Promise<LogSlice> {
  validate(options);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { text: '', offset: 0, nextOffset: null, size: 0, truncated: false };
    throw error;
  }
  try {
    // One size for the whole read: a writer appending meanwhile must not make the slice inconsistent.
    const size = (await handle.stat()).size;
    const rangeEnd = Math.min(options.end ?? size, size);
    const rangeStart = Math.min(options.offset ?? 0, rangeEnd);
    return options.tailLines === undefined
      ? await readForward(handle, rangeStart, rangeEnd, options.maxBytes, size)
      : await readTail(handle, rangeStart, rangeEnd, options.tailLines, options.maxBytes, size);
  } finally {
    await handle.close();
  }
}

async function readForward(handle: FileHandle, start: number, rangeEnd: number, maxBytes: number, size: number): Promise<LogSlice> {
  const stop = Math.min(rangeEnd, start + maxBytes);
  const bytes = await readRange(handle, start, stop);
  return slice(bytes, start, rangeEnd, size, bytes.length < rangeEnd - start);
}

async function readTail(
  handle: FileHandle,
  lower: number,
  upper: number,
  tailLines: number,
  maxBytes: number,
  size: number,
): Promise<LogSlice> {
  if (tailLines === 0) return { text: '', offset: upper, nextOffset: null, size, truncated: false };
  const chunks: Buffer[] = [];
  let position = upper;
  let newlines = 0;
  let lineStart: number | null = null;
  scan: while (position > lower && upper - position < maxBytes) {
    const length = Math.min(TAIL_CHUNK, position - lower, maxBytes - (upper - position));
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
  // maxBytes limit, in which case earlier lines were left out.
  const start = lineStart ?? position;
  const bytes = Buffer.concat(chunks).subarray(start - position);
  return slice(bytes, start, upper, size, lineStart === null && position > lower);
}

/** Trims `bytes` (which start at file offset `start`) to whole characters and describes the slice. */
function slice(bytes: Buffer, start: number, rangeEnd: number, size: number, truncated: boolean): LogSlice {
  const from = characterStart(bytes, 0, bytes.length);
  let to = characterEnd(bytes, from, bytes.length);
  // If trimming would leave nothing (a lone partial character at the end of a finished file), return the bytes
  // as they are, so a caller looping on nextOffset always makes progress.
  if (to === from && bytes.length > from) to = bytes.length;
  const stop = start + to;
  return {
    text: bytes.toString('utf8', from, to),
    offset: start + from,
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
    ['tailLines', options.tailLines, 0],
    ['offset', options.offset, 0],
    ['end', options.end, 0],
  ];
  for (const [name, value, min] of fields) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
      throw new OrcaError('VALIDATION_ERROR', `Log read option ${name} must be an integer of at least ${min} (got ${value}).`);
    }
  }
}
