/** Receives demultiplexed output. Chunks are views into the incoming data: copy them to keep them. */
export interface DemuxTarget {
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  /** Before the payload of each frame (the engine sends a log entry as one frame); never for a raw TTY stream. */
  onFrameStart?(stream: 'stdout' | 'stderr'): void;
}

const HEADER_BYTES = 8;

/**
 * An incremental parser for Docker's multiplexed stream format (a container created without a TTY): frames of an
 * 8-byte header (stream type 1 = stdout, 2 = stderr; 4-byte big-endian length) followed by the payload.
 *
 * Why not `modem.demuxStream`: it concatenates and re-copies its whole pending buffer for every frame, which is
 * quadratic in the number of frames per network chunk (a 64 KiB chunk of short log lines is thousands of
 * frames), and it needs writable streams as targets. This parser copies at most the 8 header bytes; payloads are
 * passed on as views of the incoming chunk, so memory stays flat however much output passes through.
 *
 * A first header that is not a valid frame header (a container with a TTY sends raw output) switches the parser
 * to pass everything through as stdout, as the Docker CLI does for TTY containers.
 */
export class Demuxer {
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerFill = 0;
  private remaining = 0;
  private stream = 1;
  private raw = false;
  private framed = false;

  constructor(private readonly target: DemuxTarget) {}

  /** Feeds the next chunk of the multiplexed stream. */
  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.raw) {
        this.target.onStdout(offset === 0 ? chunk : chunk.subarray(offset));
        return;
      }
      if (this.remaining === 0) {
        const take = Math.min(HEADER_BYTES - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + take);
        this.headerFill += take;
        offset += take;
        if (this.headerFill < HEADER_BYTES) return;
        this.headerFill = 0;
        this.readHeader();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - offset);
      this.emit(chunk.subarray(offset, offset + take));
      this.remaining -= take;
      offset += take;
    }
  }

  /** Call at the end of the stream: flushes a partial first header of a raw (TTY) stream. */
  end(): void {
    if (this.headerFill > 0 && !this.framed) this.target.onStdout(Buffer.from(this.header.subarray(0, this.headerFill)));
    this.headerFill = 0;
  }

  private readHeader(): void {
    const type = this.header[0]!;
    const valid = type <= 2 && this.header[1] === 0 && this.header[2] === 0 && this.header[3] === 0;
    if (!valid && !this.framed) {
      this.raw = true;
      this.target.onStdout(Buffer.from(this.header));
      return;
    }
    this.framed = true;
    this.stream = type;
    this.remaining = this.header.readUInt32BE(4);
    this.target.onFrameStart?.(type === 2 ? 'stderr' : 'stdout');
  }

  private emit(payload: Buffer): void {
    // Stream 0 (stdin) never appears in logs; treat anything but stderr as stdout rather than lose it.
    if (this.stream === 2) this.target.onStderr(payload);
    else this.target.onStdout(payload);
  }
}
