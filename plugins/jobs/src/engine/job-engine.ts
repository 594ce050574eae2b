import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OrcaError, isFinalStatus, queuedRunRecord, type JobSpec, type RunLease, type RunRecord } from '@orcaops/plugin-api';
import { CANCEL_REQUEST_FILE, JobExecution, type JobProgress, type JobRuntime } from './job-execution.js';
import { assertInputTargets } from './input-archive.js';
import { JobQueue } from './job-queue.js';

/** Tuning for the engine; every field has a default in the plugin's options. */
export interface JobEngineOptions {
  readonly concurrency: number;
  readonly maxQueued: number;
}

interface LocalJob {
  readonly execution: JobExecution;
  readonly finished: Promise<RunRecord>;
  readonly progress: Set<(progress: JobProgress) => void>;
}

const POLL_MS = 250;

/**
 * Accepts jobs, runs them through a bounded queue, and supervises them. Each job is supervised by exactly one
 * process at a time (a lease in the run store); a job whose supervisor died is picked up by `recover` in the
 * next process that starts.
 */
export class JobEngine {
  private readonly queue: JobQueue;
  private readonly local = new Map<string, LocalJob>();

  constructor(
    private readonly runtime: JobRuntime,
    options: JobEngineOptions,
  ) {
    this.queue = new JobQueue(options.concurrency, options.maxQueued);
  }

  /** Records a job as queued and schedules it. Returns the queued record. */
  async submit(spec: JobSpec): Promise<RunRecord> {
    this.queue.assertCapacity();
    assertInputTargets(spec);
    const jobId = spec.job_id ?? generateJobId(this.runtime.now());
    const record = queuedRunRecord(jobId, spec, this.runtime.now());
    await this.runtime.store.create(record);
    const lease = await this.runtime.store.acquireLease(jobId);
    if (!lease) throw new OrcaError('CONFLICT', `Job ${jobId} is already supervised by another process.`);
    this.supervise(jobId, spec, lease, (execution) => execution.run());
    return record;
  }

  /**
   * Waits for a job to end, at most `timeoutMs`; returns the record as it is then (still running if the wait ran
   * out). Works for jobs supervised by another process too, by polling the store.
   */
  async wait(jobId: string, options: { timeoutMs: number; signal?: AbortSignal; onProgress?: (progress: JobProgress) => void }): Promise<RunRecord> {
    const local = this.local.get(jobId);
    if (options.onProgress) local?.progress.add(options.onProgress);
    const deadline = Date.now() + options.timeoutMs;
    try {
      for (;;) {
        const record = await this.get(jobId);
        if (isFinalStatus(record.status) || Date.now() >= deadline || options.signal?.aborted) return record;
        const pause = new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, deadline - Date.now())));
        await (local ? Promise.race([local.finished, pause]) : pause);
      }
    } finally {
      if (options.onProgress) local?.progress.delete(options.onProgress);
    }
  }

  /** The job's record. @throws OrcaError `JOB_NOT_FOUND`. */
  async get(jobId: string): Promise<RunRecord> {
    const record = await this.runtime.store.get(jobId);
    if (!record) throw new OrcaError('JOB_NOT_FOUND', `No job "${jobId}".`);
    return record;
  }

  /**
   * Cancels a queued or running job: its container is killed and the partial logs are kept. A job supervised by
   * another process is asked to stop through a file in its run directory, and its container is killed from here.
   */
  async cancel(jobId: string): Promise<RunRecord> {
    const record = await this.get(jobId);
    if (isFinalStatus(record.status)) {
      throw new OrcaError('JOB_NOT_RUNNING', `Job ${jobId} already ended with status ${record.status}.`, {
        suggestion: `Use orcaops_get_job_status to see its result, or orcaops_get_job_logs for its output.`,
      });
    }
    await writeFile(join(this.runtime.store.dir(jobId), CANCEL_REQUEST_FILE), this.runtime.now().toISOString());
    const local = this.local.get(jobId);
    if (local) {
      await local.execution.stop('cancelled');
      return local.finished;
    }
    if (record.container_id) await this.runtime.docker.killContainer(record.container_id).catch(() => undefined);
    return this.wait(jobId, { timeoutMs: 30_000 });
  }

  /** Picks up jobs left queued or running by a process that is gone. */
  async recover(): Promise<void> {
    for (let offset: number | null = 0; offset !== null; ) {
      const page = await this.runtime.store.list({ statuses: ['queued', 'running'], offset, limit: 100 });
      for (const record of page.runs) {
        if (this.local.has(record.job_id)) continue;
        const lease = await this.runtime.store.acquireLease(record.job_id);
        if (!lease) continue;
        this.runtime.log.info('resuming job left by a stopped process', { job: record.job_id, status: record.status });
        const spec = record.spec as JobSpec;
        this.supervise(record.job_id, spec, lease, (execution) => execution.resume(record));
      }
      offset = page.nextOffset;
    }
  }

  /** Resolves when every job this process supervises has ended. */
  async drain(): Promise<void> {
    while (this.local.size > 0) await Promise.allSettled([...this.local.values()].map((job) => job.finished));
  }

  /** Jobs this process supervises (queued or running). */
  localJobIds(): string[] {
    return [...this.local.keys()];
  }

  private supervise(jobId: string, spec: JobSpec, lease: RunLease, start: (execution: JobExecution) => Promise<RunRecord>): void {
    const progress = new Set<(progress: JobProgress) => void>();
    const execution = new JobExecution(this.runtime, jobId, spec, (update) => progress.forEach((listener) => listener(update)));
    const finished = this.queue
      .run(() => start(execution), execution.signal)
      .finally(async () => {
        this.local.delete(jobId);
        await lease.release();
      });
    finished.catch((error: unknown) => this.runtime.log.error('job supervision failed', { job: jobId, error }));
    this.local.set(jobId, { execution, finished, progress });
  }
}

function generateJobId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `job-${stamp}-${randomBytes(3).toString('hex')}`;
}
