import { OrcaError } from '@orcaops/plugin-api';

/**
 * Runs at most `concurrency` tasks at once and holds at most `maxQueued` waiting, so a burst of submissions
 * cannot overload the host: beyond that, submissions are refused with `LIMIT_EXCEEDED`.
 */
export class JobQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxQueued: number,
  ) {}

  /** Number of tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Refuses early when the queue is full, before any work is recorded. */
  assertCapacity(): void {
    if (this.running >= this.concurrency && this.waiting.length >= this.maxQueued) {
      throw new OrcaError('LIMIT_EXCEEDED', `${this.waiting.length} jobs are already waiting (limit ${this.maxQueued}).`, {
        suggestion: 'Wait for queued jobs to finish (orcaops_list_jobs status=queued) and submit again.',
      });
    }
  }

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
