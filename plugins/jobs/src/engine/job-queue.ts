import { OrcaError } from '@orcaops/plugin-api';

/** When a refused submission is worth trying again: about the time a short job takes. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Runs at most `concurrency` tasks at once and holds at most `maxQueued` waiting, so a burst of submissions
 * cannot overload the host: beyond that, submissions are refused with `LIMIT_EXCEEDED`.
 */
export class JobQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Submissions let in but not yet queued (their record is being written): they count toward the limit. */
  private reserved = 0;

  constructor(
    readonly concurrency: number,
    readonly maxQueued: number,
  ) {}

  /** Number of tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Holds a place for a submission, refusing early when every place is taken, before any work is recorded. The
   * place counts until `release` is called, once the task has entered the queue (or the submission failed): the
   * record is written in between, and submissions arriving meanwhile must not all see the last free place.
   */
  reserve(): () => void {
    const free = this.concurrency - this.running + this.maxQueued - this.waiting.length;
    if (this.reserved >= free) {
      throw new OrcaError('LIMIT_EXCEEDED', `${this.waiting.length + this.reserved} jobs are already waiting (limit ${this.maxQueued}).`, {
        suggestion: 'Wait for queued jobs to finish (orcaops_list_jobs status=queued) and submit again.',
        // A full queue clears by itself: hosts that can say when to come back do (HTTP: 429 with Retry-After).
        details: { retry_after_seconds: RETRY_AFTER_SECONDS },
      });
    }
    this.reserved++;
    let released = false;
    return () => {
      if (!released) this.reserved--;
      released = true;
    };
  }

  /**
   * Runs `task` when a slot is free. When `signal` aborts while it waits, it runs at once outside the limit: a
   * stopped task only records its ending, and a cancel must not wait for other jobs to finish.
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.running >= this.concurrency) {
      const slot = signal?.aborted ? false : await new Promise<boolean>((resolve) => {
        const wake = () => {
          signal?.removeEventListener('abort', abandon);
          resolve(true);
        };
        const abandon = () => {
          this.waiting.splice(this.waiting.indexOf(wake), 1);
          resolve(false);
        };
        this.waiting.push(wake);
        signal?.addEventListener('abort', abandon, { once: true });
      });
      if (!slot) return task();
    }
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
