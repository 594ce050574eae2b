import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LABELS, OrcaError, isOrcaError } from '@orcaops/plugin-api';
import { JobSpecSchema, isFinalStatus, queuedRunRecord, type JobSpec, type RunLease, type RunRecord } from '@orcaops/contracts';
import { CANCEL_REQUEST_FILE, JobExecution, closeSteps, type JobProgress, type JobRuntime } from './job-execution.js';
import { assertInputTargets, assertReadOnlyInputs } from './input-archive.js';
import { applyJobPolicy } from './job-policy.js';
import { resolveEnv } from './job-env.js';
import { JobQueue } from './job-queue.js';

/** Tuning for the engine; every field has a default in the plugin's options. */
export interface JobEngineOptions {
  readonly concurrency: number;
  readonly maxQueued: number;
  /** How often containers of ended jobs that could not be removed (the engine was down) are tried again. */
  readonly cleanupRetryMs?: number;
}

interface LocalJob {
  readonly execution: JobExecution;
  readonly finished: Promise<RunRecord>;
  readonly progress: Set<(progress: JobProgress) => void>;
}

const POLL_MS = 250;
const CLEANUP_RETRY_MS = 30_000;

/**
 * Accepts jobs, runs them through a bounded queue, and supervises them. Each job is supervised by exactly one
 * process at a time (a lease in the run store); a job whose supervisor died is picked up by `recover` in the
 * next process that starts.
 */
export class JobEngine {
  private readonly queue: JobQueue;
  private readonly local = new Map<string, LocalJob>();
  /** Set while containers of ended jobs may still be on the engine because removing them failed. */
  private cleanupPending = false;
  private cleanupTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | null = null;
  private readonly cleanupRetryMs: number;
  /** Set by {@link detach}: the host is shutting down, so no job is started or resumed here any more. */
  private detached = false;

  constructor(
    private readonly runtime: JobRuntime,
    options: JobEngineOptions,
  ) {
    this.queue = new JobQueue(options.concurrency, options.maxQueued);
    this.cleanupRetryMs = options.cleanupRetryMs ?? CLEANUP_RETRY_MS;
  }

  /** Records a job as queued and schedules it. Returns the queued record. */
  async submit(requested: JobSpec): Promise<RunRecord> {
    if (this.detached) throw new OrcaError('CANCELLED', 'OrcaOps is shutting down; submit the job again once it has restarted.');
    const spec = applyJobPolicy(requested, this.runtime.security);
    // A reference that does not resolve is refused now, not when the job reaches the front of the queue.
    await resolveEnv(spec.env, this.runtime.secrets, this.runtime.inputPolicy.allowedRoots);
    const release = this.queue.reserve();
    try {
      assertInputTargets(spec);
      assertReadOnlyInputs(spec);
      const jobId = spec.job_id ?? generateJobId(this.runtime.now());
      const record = queuedRunRecord(jobId, spec, this.runtime.now());
      await this.runtime.store.create(record);
      const lease = await this.runtime.store.acquireLease(jobId);
      if (!lease) throw new OrcaError('CONFLICT', `Job ${jobId} is already supervised by another process.`);
      this.supervise(jobId, spec, lease, (execution) => execution.run());
      return record;
    } finally {
      release();
    }
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

  /**
   * Picks up jobs left queued or running by a process that is gone, and removes containers of ended jobs that an
   * earlier cleanup left on the engine. A record that cannot be resumed is failed; the others go on.
   * With `sweep: 'background'` it returns once the jobs are adopted (the run store only) and leaves the removal
   * of leftovers running: a host start must not wait for the engine to answer (or for its client library to load).
   */
  async recover(options: { sweep?: 'await' | 'background' } = {}): Promise<void> {
    for (let offset: number | null = 0; offset !== null; ) {
      const page = await this.runtime.store.list({ statuses: ['queued', 'running'], offset, limit: 100 });
      for (const record of page.runs) {
        if (this.local.has(record.job_id)) continue;
        await this.adopt(record).catch((error: unknown) => this.runtime.log.error('could not resume job', { job: record.job_id, error }));
      }
      offset = page.nextOffset;
    }
    this.cleanupPending = true;
    const swept = this.sweepLeftovers();
    if (options.sweep !== 'background') return swept;
    swept.catch((error: unknown) => this.runtime.log.warn('the cleanup of ended jobs failed; trying later', { error }));
  }

  private async adopt(record: RunRecord): Promise<void> {
    if (this.detached) return;
    const lease = await this.runtime.store.acquireLease(record.job_id);
    if (!lease) return;
    if (this.detached) {
      await lease.release();
      return;
    }
    // The record is a file anyone can edit or truncate: a spec that no longer validates must not reach Docker.
    const parsed = JobSpecSchema.safeParse(record.spec);
    if (!parsed.success) {
      try {
        await this.failUnresumable(record, describeIssues(parsed.error.issues));
      } finally {
        await lease.release();
      }
      return;
    }
    this.runtime.log.info('resuming job left by a stopped process', { job: record.job_id, status: record.status });
    this.supervise(record.job_id, parsed.data, lease, (execution) => execution.resume(record));
  }

  private async failUnresumable(record: RunRecord, problem: string): Promise<void> {
    const { docker, store, log } = this.runtime;
    log.error('job record has an invalid spec; failing it', { job: record.job_id, problem });
    let cleanup: RunRecord['cleanup'] = { container_removed: null, error: null };
    if (record.container_id) {
      try {
        await docker.removeContainer(record.container_id, { force: true, volumes: true });
        cleanup = { container_removed: true, error: null };
      } catch (error) {
        const gone = isOrcaError(error) && error.code === 'CONTAINER_NOT_FOUND';
        cleanup = gone ? { container_removed: true, error: null } : { container_removed: false, error: error instanceof Error ? error.message : String(error) };
        if (!gone) this.scheduleCleanupRetry();
      }
    }
    const finishedAt = this.runtime.now();
    await store.update(record.job_id, (current) => ({
      ...current,
      status: 'failed',
      finished_at: finishedAt.toISOString(),
      duration_ms: current.started_at ? Math.max(0, finishedAt.getTime() - Date.parse(current.started_at)) : null,
      steps: closeSteps(current.steps, 'failed', finishedAt),
      error: new OrcaError('INTERNAL', `Job ${record.job_id} cannot be resumed: its stored spec is invalid (${problem}).`, {
        suggestion: 'The run record was changed or damaged outside OrcaOps. Submit the job again; its container was removed.',
      }).toPayload(),
      cleanup,
    }));
  }

  /**
   * Removes the containers of ended jobs still on the engine (their cleanup failed, typically because the engine
   * was down when the job ended) and records it. Runs at recovery, after a failed cleanup every `cleanupRetryMs`,
   * and as soon as any job's cleanup succeeds again; stops retrying once a sweep completes.
   */
  sweepLeftovers(): Promise<void> {
    this.sweeping ??= this.sweep().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweep(): Promise<void> {
    if (!this.cleanupPending) return;
    const { docker, store, log } = this.runtime;
    let containers;
    try {
      containers = await docker.listContainers({ all: true, labels: { [LABELS.managed]: 'true', [LABELS.job]: true } });
    } catch (error) {
      log.debug('engine not reachable for the cleanup of ended jobs; trying later', { error });
      this.scheduleCleanupRetry();
      return;
    }
    let failed = false;
    for (const container of containers) {
      const jobId = container.labels[LABELS.job];
      if (!jobId || this.local.has(jobId)) continue;
      const record = await store.get(jobId).catch(() => null);
      if (!record || !isFinalStatus(record.status) || record.spec['keep_container'] === true) continue;
      const lease = await store.acquireLease(jobId).catch(() => null);
      if (!lease) continue;
      try {
        await docker.removeContainer(container.id, { force: true, volumes: true }).catch((error: unknown) => {
          if (!(isOrcaError(error) && error.code === 'CONTAINER_NOT_FOUND')) throw error;
        });
        await store.update(jobId, (current) => ({ ...current, cleanup: { container_removed: true, error: null } }));
        log.info('removed the container of an ended job', { job: jobId, container: container.id });
      } catch (error) {
        failed = true;
        log.warn('could not remove the container of an ended job; trying later', { job: jobId, error });
      } finally {
        await lease.release();
      }
    }
    if (failed) this.scheduleCleanupRetry();
    else this.cleanupPending = false;
  }

  private scheduleCleanupRetry(): void {
    this.cleanupPending = true;
    if (this.cleanupTimer) return;
    this.cleanupTimer = setTimeout(() => {
      this.cleanupTimer = undefined;
      void this.sweepLeftovers();
    }, this.cleanupRetryMs);
    // Retrying is worth it only while the process is up anyway; it must not keep a command alive.
    this.cleanupTimer.unref();
  }

  /** Resolves when every job this process supervises has ended. */
  async drain(): Promise<void> {
    while (this.local.size > 0) await Promise.allSettled([...this.local.values()].map((job) => job.finished));
  }

  /**
   * Lets go of every job this process supervises, for a host that shuts down while jobs run: they run on in
   * Docker, their records stay `queued`/`running`, and the next long-lived host resumes them (docs/decisions/0013).
   * Does not wait: the supervisors unwind once the engine connection closes.
   */
  detach(): void {
    this.detached = true;
    for (const job of this.local.values()) job.execution.detach();
    clearTimeout(this.cleanupTimer);
  }

  /** Jobs this process supervises (queued or running). */
  localJobIds(): string[] {
    return [...this.local.keys()];
  }

  /** A failed cleanup is retried later; a successful one means the engine answers again, so retry now. */
  private afterCleanup(record: RunRecord): void {
    if (record.cleanup.container_removed === false && record.cleanup.error !== null) this.scheduleCleanupRetry();
    else if (record.cleanup.container_removed === true && this.cleanupPending) void this.sweepLeftovers();
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
    void finished.then((record) => this.afterCleanup(record), () => undefined);
    finished.catch((error: unknown) => this.runtime.log.error('job supervision failed', { job: jobId, error }));
    this.local.set(jobId, { execution, finished, progress });
  }
}

/** `path: message` per issue, so a corrupt record names the field that is wrong. */
function describeIssues(issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || 'spec'}: ${issue.message}`)
    .join('; ');
}

function generateJobId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `job-${stamp}-${randomBytes(3).toString('hex')}`;
}
