/**
 * When the engine logged each part of one output stream: entry times by stream offset, from a log replayed with
 * the engine's timestamps (`OutputHandlers.onEntry`). Offsets count the bytes as the handlers received them.
 */
export class EntryClock {
  private readonly marks: Array<{ readonly offset: number; readonly at: Date }> = [];
  private position = 0;

  /** An entry starts at the current position. */
  mark(at: Date): void {
    this.marks.push({ offset: this.position, at });
  }

  advance(bytes: number): void {
    this.position += bytes;
  }

  /** The time of the entry holding `offset`, or null when no entry time was reported. */
  at(offset: number): Date | null {
    const found = this.lastAtOrBefore(offset);
    return found < 0 ? null : this.marks[found]!.at;
  }

  /** Nothing before `offset` is asked for any more: forget those entries, so memory stays bounded by what is in flight. */
  release(offset: number): void {
    const found = this.lastAtOrBefore(offset);
    if (found > 0) this.marks.splice(0, found);
  }

  private lastAtOrBefore(offset: number): number {
    let found = -1;
    for (let index = 0; index < this.marks.length && this.marks[index]!.offset <= offset; index++) found = index;
    return found;
  }
}
