/**
 * Joins the output chunks that arrive in one turn of the event loop, per stream. The engine's log stream sends one
 * frame per output line; handling them one by one costs more than the work itself (a 200 MB job of short lines
 * is ~10 million frames). Flushing on a microtask keeps memory bounded by one socket read.
 */
export class OutputBatcher {
  private readonly pending = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  private scheduled = false;

  constructor(private readonly deliver: (stream: 'stdout' | 'stderr', data: Buffer) => void) {}

  add(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this.pending[stream].push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Delivers everything held now (also called at the end of the stream). */
  flush(): void {
    this.scheduled = false;
    for (const stream of ['stdout', 'stderr'] as const) {
      const chunks = this.pending[stream];
      if (chunks.length === 0) continue;
      this.pending[stream] = [];
      this.deliver(stream, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    }
  }
}
