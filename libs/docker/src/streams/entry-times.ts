import type { OutputHandlers } from '@orcaops/plugin-api';
import type { DemuxTarget } from './demux.js';

type Stream = 'stdout' | 'stderr';

/** Longer than any RFC 3339 time the engine writes; past this, what was taken for a prefix is output. */
const MAX_PREFIX_BYTES = 48;

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/**
 * Takes the `<RFC 3339 time> ` the engine puts before every log entry when asked for timestamps off the output and
 * reports it through `onEntry`. The engine sends one frame per entry, so the prefix is looked for at frame starts
 * only: output that happens to look like a time, or a long line the engine split into entries, is never cut.
 */
export class EntryTimes implements DemuxTarget {
  /** Prefix bytes collected so far per stream, while a frame's prefix is incomplete; null inside a payload. */
  private readonly prefix: Record<Stream, Buffer | null> = { stdout: null, stderr: null };

  constructor(private readonly handlers: OutputHandlers) {}

  onFrameStart(stream: Stream): void {
    this.prefix[stream] = Buffer.alloc(0);
  }

  onStdout(chunk: Buffer): void {
    this.take('stdout', chunk);
  }

  onStderr(chunk: Buffer): void {
    this.take('stderr', chunk);
  }

  private take(stream: Stream, chunk: Buffer): void {
    const collected = this.prefix[stream];
    if (collected === null) return this.pass(stream, chunk);
    const space = chunk.indexOf(0x20);
    if (space === -1) {
      const longer = Buffer.concat([collected, chunk]);
      if (longer.length <= MAX_PREFIX_BYTES) this.prefix[stream] = longer;
      else this.giveUp(stream, longer);
      return;
    }
    const text = Buffer.concat([collected, chunk.subarray(0, space)]).toString('latin1');
    const at = parseTime(text);
    this.prefix[stream] = null;
    if (!at) return this.pass(stream, Buffer.concat([collected, chunk]));
    this.handlers.onEntry?.(stream, at);
    if (space + 1 < chunk.length) this.pass(stream, chunk.subarray(space + 1));
  }

  private giveUp(stream: Stream, bytes: Buffer): void {
    this.prefix[stream] = null;
    this.pass(stream, bytes);
  }

  private pass(stream: Stream, chunk: Buffer): void {
    if (stream === 'stderr') this.handlers.onStderr(chunk);
    else this.handlers.onStdout(chunk);
  }
}

/** The engine writes nanoseconds; a Date keeps milliseconds. */
function parseTime(text: string): Date | null {
  const match = RFC3339.exec(text);
  if (!match) return null;
  const at = new Date(`${match[1]}${(match[2] ?? '.000').padEnd(4, '0').slice(0, 4)}${match[3]}`);
  return Number.isNaN(at.getTime()) ? null : at;
}
