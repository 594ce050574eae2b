import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { OrcaError, isOrcaError, type DockerService, type ErrorPayload, type Logger, type OutputHandlers, type SecretResolver } from '@orcaops/plugin-api';
import { type JobSpec, type JobStatus, type RunRecord, type RunStore, type StepRecord } from '@orcaops/contracts';
import { collectArtifacts, type ArtifactLimits, type CollectedArtifacts } from './artifact-collector.js';
import { buildInputArchive, type InputPolicy } from './input-archive.js';
import { NONCE_LABEL, jobLabels, parseMemory } from './job-labels.js';
import { jobContainerProfile, type JobSecurity } from './job-policy.js';
import { resolveEnv } from './job-env.js';
import { EntryClock } from './entry-clock.js';
import { MarkerParser, type MarkerEvent } from './marker-parser.js';
import { OutputBatcher } from './output-batcher.js';
import { PullProgressEstimate } from './pull-progress.js';
import { RUNNER_ROOT, artifactStagingDir, runnerDir, runnerScript, runnerSteps } from './runner-script.js';
import { StepLogWriter } from './step-log-writer.js';
import { StepTracker } from './step-tracker.js';

/** What a job execution needs from its surroundings. */
export interface JobRuntime {
  readonly docker: DockerService;
  readonly store: RunStore;
  readonly log: Logger;
  readonly now: () => Date;
  readonly artifactLimits: ArtifactLimits;
  readonly inputPolicy: InputPolicy;
  readonly security: JobSecurity;
  readonly secrets: SecretResolver;
}

/**
 * Progress of a running job, for `orcaops_run_job` progress notifications: `step` rises through (0, 1) while the
 * image is pulled, then is the number of the step running (1..total).
 */
export type JobProgress = { readonly step: number; readonly total: number; readonly message: string };

/** File in a run's directory that asks whichever process supervises the job to cancel it. */
export const CANCEL_REQUEST_FILE = 'cancel-requested';

type Ending = 'cancelled' | 'timed_out';

/** Why work in progress (pull, artifact collection) was aborted, as the record says it. */
const ENDING_REASON: Record<Ending, string> = { cancelled: 'the job was cancelled', timed_out: "the job's time limit passed" };

/** How often a supervisor collecting artifacts looks for a cancel request from another process. */
const CANCEL_POLL_MS = 250;

/** Above this, the runner script goes in through the archive rather than the command line (ARG_MAX). */
const MAX_INLINE_SCRIPT_BYTES = 64 * 1024;

/**
 * Runs one job to its end, or picks up a job whose supervisor died (`resume`). Its state lives in two places that
 * both survive a crash: the run record, and the container's log, which holds the output and the runner's step
 * markers. Record updates happen at step boundaries only.
 */
export class JobExecution {
  private ending: Ending | null = null;
  private readonly stepTimers = new Map<number, NodeJS.Timeout>();
  private ttlTimer: NodeJS.Timeout | undefined;
  private containerId: string | null = null;
  /** Aborted by {@link stop}: whatever the job is waiting for (a pull, artifact collection) stops with it. */
  private readonly abort = new AbortController();
  /** Set by {@link detach}: this process lets go of the job, which runs on for the next supervisor. */
  private detached = false;

  constructor(
    private readonly runtime: JobRuntime,
    private readonly jobId: string,
    private readonly spec: JobSpec,
    private readonly onProgress: (progress: JobProgress) => void = () => undefined,
  ) {}

  /** Stops the job (kills its container) and records why. Safe to call at any time, more than once. */
  async stop(ending: Ending): Promise<void> {
    this.ending ??= ending;
    if (!this.abort.signal.aborted) this.abort.abort(ENDING_REASON[this.ending]);
    if (this.containerId) await this.runtime.docker.killContainer(this.containerId).catch(() => undefined);
  }

  /**
   * Lets go of the job without ending it (the host is shutting down): no final record is written, the job runs on
   * in its container, and the next long-lived host resumes it from the container's log. Its timers stop here.
   */
  detach(): void {
    this.detached = true;
    clearTimeout(this.ttlTimer);
    this.stepTimers.forEach((timer) => clearTimeout(timer));
  }

  /** Aborted when the job is stopped; a job still queued then starts at once, only to record its ending. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Runs a queued job from the start. Never throws: failures end up in the record. */
  async run(): Promise<RunRecord> {
    const { docker, store } = this.runtime;
    if (this.detached) return this.currentRecord();
    const startedAt = this.runtime.now();
    await store.update(this.jobId, (record) => ({ ...record, status: 'running', started_at: startedAt.toISOString() }));
    try {
      if (await this.cancelRequested()) this.ending = 'cancelled';
      if (this.ending || this.detached) return await this.finish({ exitCode: null, done: false });
      const image = await this.ensureImage();
      // A host that shut down during the pull creates nothing more; the next one starts the job afresh.
      if (this.detached) return await this.currentRecord();
      await store.update(this.jobId, (record) => ({ ...record, image: { ref: this.spec.image, id: image.id, digest: image.digest } }));
      const nonce = randomBytes(8).toString('hex');
      const steps = runnerSteps(this.spec);
      const dir = runnerDir(nonce);
      const maxArtifacts = this.runtime.artifactLimits.maxCount;
      // Without inputs, the runner goes in as an argument: copying an archive in costs ~50 ms per job. Artifacts
      // need the archive too: it creates the staging directory writable for whatever user the image runs as.
      const hasInputs = this.spec.inputs.files.length > 0 || this.spec.inputs.directories.length > 0;
      const inlineScript = runnerScript(steps, this.spec.artifacts, nonce, { inlineSteps: true, maxArtifacts });
      // A job with a user needs the archive as well: it creates the workdir owned by that user.
      const inline = !hasInputs && this.spec.artifacts.length === 0 && this.spec.user === undefined && Buffer.byteLength(inlineScript) <= MAX_INLINE_SCRIPT_BYTES;
      // A read-only root takes archives only into its writable volumes: one for the working directory, one for
      // the runner's directory. Building both first means a refused input fails the job before anything is created.
      const targets = this.spec.read_only ? [this.spec.workdir, RUNNER_ROOT] : ['/'];
      const script = runnerScript(steps, this.spec.artifacts, nonce, { maxArtifacts });
      const archives = inline
        ? []
        : await Promise.all(
            targets.map(async (target) => ({
              target,
              archive: await buildInputArchive(this.spec, script, steps.map((step) => step.command), this.runtime.inputPolicy, dir, target),
            })),
          );
      this.containerId = await docker.createContainer({
        image: this.spec.image,
        entrypoint: ['/bin/sh'],
        command: inline ? ['-c', inlineScript] : [`${dir}/run.sh`],
        env: await resolveEnv(this.spec.env, this.runtime.secrets, this.runtime.inputPolicy.allowedRoots),
        workdir: this.spec.workdir,
        labels: jobLabels(this.jobId, nonce, this.spec.labels),
        init: true,
        network: this.spec.network,
        ...(this.spec.cpus ? { nanoCpus: Math.round(this.spec.cpus * 1e9) } : {}),
        ...(this.spec.memory ? { memoryBytes: parseMemory(this.spec.memory) } : {}),
        ...(this.spec.pids ? { pidsLimit: this.spec.pids } : {}),
        ...jobContainerProfile(this.spec, this.runtime.security),
      });
      const containerId = this.containerId;
      await store.update(this.jobId, (record) => ({ ...record, container_id: containerId }));
      for (const { target, archive } of archives) await docker.putArchive(containerId, target, archive);
      if (!this.ending && (await this.cancelRequested())) this.ending = 'cancelled';
      if (this.ending || this.detached) return await this.finish({ exitCode: null, done: false });
      this.armTtl(startedAt);
      return await this.follow(containerId, nonce, [], async (handlers) => {
        const attached = await docker.attachOutput(containerId, handlers);
        try {
          await docker.startContainer(containerId);
        } catch (error) {
          // The attachment ends with the same cause (a closed engine connection, a detach); its rejection is this one.
          attached.done.catch(() => undefined);
          throw error;
        }
        // A stop that arrived while the container was starting found nothing running to kill.
        if (this.ending) await docker.killContainer(containerId).catch(() => undefined);
        return attached;
      });
    } catch (error) {
      return this.finish({ exitCode: null, done: false, error: toPayload(error) });
    }
  }

  /** Picks up a job another (dead) process started: replays its container's log and follows it to the end. */
  async resume(record: RunRecord): Promise<RunRecord> {
    this.containerId = record.container_id;
    // The replayed log may print the job's secrets: teach the redactor their values (a reference that no longer
    // resolves here cannot be redacted by value, but was never recorded either).
    await resolveEnv(this.spec.env, this.runtime.secrets, this.runtime.inputPolicy.allowedRoots).catch(() => undefined);
    if (!this.containerId) return this.run();
    try {
      const state = await this.runtime.docker.inspectContainer(this.containerId);
      if (state.state === 'created') {
        // The previous supervisor died between creating and starting the container: nothing ran, start afresh.
        await this.runtime.docker.removeContainer(this.containerId, { force: true, volumes: true }).catch(() => undefined);
        this.containerId = null;
        return this.run();
      }
      const nonce = state.labels[NONCE_LABEL];
      if (!nonce) throw new OrcaError('INTERNAL', `Container ${this.containerId} has no ${NONCE_LABEL} label.`);
      if (await this.cancelRequested()) await this.stop('cancelled');
      this.armTtl(new Date(record.started_at ?? record.created_at));
      const containerId = this.containerId;
      // The engine's log holds everything the job printed so far: replay it from the start, then follow.
      return await this.follow(containerId, nonce, record.steps, async (handlers) => ({
        done: this.runtime.docker.streamLogs(containerId, handlers, { follow: true }),
      }));
    } catch (error) {
      const missing = isOrcaError(error) && error.code === 'CONTAINER_NOT_FOUND';
      const payload = missing
        ? new OrcaError('INTERNAL', `The job's container ${this.containerId} disappeared while no OrcaOps process was watching it.`, {
            suggestion: 'Run the job again; keep OrcaOps running or avoid removing OrcaOps containers by hand while jobs run.',
          }).toPayload()
        : toPayload(error);
      return this.finish({ exitCode: null, done: false, error: payload });
    }
  }

  private async ensureImage() {
    const { docker } = this.runtime;
    const present = await docker.inspectImage(this.spec.image);
    if (present) return present;
    const total = this.spec.commands.length;
    const estimate = new PullProgressEstimate();
    this.onProgress({ step: estimate.next({ status: 'start' }), total, message: `pulling ${this.spec.image}` });
    return docker.pullImage(this.spec.image, {
      signal: this.abort.signal,
      onProgress: (event) =>
        this.onProgress({ step: estimate.next(event), total, message: `pull: ${event.layer ? `${event.layer} ` : ''}${event.status}` }),
    });
  }

  /** Streams the container's output to the run's files, tracking steps, until the container exits. */
  private async follow(
    containerId: string,
    nonce: string,
    previousSteps: readonly StepRecord[],
    connect: (handlers: OutputHandlers) => Promise<{ readonly done: Promise<void> }>,
  ): Promise<RunRecord> {
    const { docker, store } = this.runtime;
    const { redactor } = this.runtime.secrets;
    const writers = {
      stdout: new StepLogWriter(store.logPath(this.jobId, 'stdout'), redactor),
      stderr: new StepLogWriter(store.logPath(this.jobId, 'stderr'), redactor),
    };
    const steps = runnerSteps(this.spec);
    const tracker = new StepTracker(steps, this.runtime.now, previousSteps);
    let done = false;
    let lastUpdate = Promise.resolve<unknown>(undefined);
    // Step boundaries reach the record in order, but one write stands for all the boundaries passed while the
    // previous write ran: steps faster than the disk must not queue up rewrites of a record that grows with them.
    let writeQueued = false;
    const stepsChanged = () => {
      if (writeQueued) return;
      writeQueued = true;
      lastUpdate = lastUpdate
        .then(() => {
          writeQueued = false;
          const snapshot = tracker.records(writers);
          return store.update(this.jobId, (record) => ({ ...record, steps: snapshot }));
        })
        .catch(() => undefined);
    };
    // A replayed log comes with the engine's time for each entry: a step's times are when its markers were
    // printed, not when this process got to read them (which, after a restart, can be long after).
    const clock = new EntryClock();
    // Markers arrive on both streams; stdout's copy drives the record, each stream's copy drives its own offsets.
    const onMarker = (stream: 'stdout' | 'stderr') => (event: MarkerEvent, offset: number) => {
      const writer = writers[stream];
      if (event.kind === 'step-start') writer.startStep(event.step);
      if (event.kind === 'step-end') writer.endStep();
      if (stream !== 'stdout') return;
      if (event.kind === 'step-start') {
        this.armStepTimeout(event.step, tracker.start(event.step, clock.at(offset)));
        this.onProgress({ step: event.step + 1, total: steps.length, message: `step ${event.step + 1}/${steps.length}: ${steps[event.step]?.command ?? ''}` });
      }
      if (event.kind === 'step-end') {
        tracker.end(event.step, event.exitCode, clock.at(offset));
        clearTimeout(this.stepTimers.get(event.step));
      }
      if (event.kind === 'done') done = true;
      if (event.kind === 'step-start' || event.kind === 'step-end') stepsChanged();
    };
    const parsers = {
      stdout: new MarkerParser(nonce, { output: (chunk) => writers.stdout.write(chunk), marker: onMarker('stdout') }),
      stderr: new MarkerParser(nonce, { output: (chunk) => writers.stderr.write(chunk), marker: onMarker('stderr') }),
    };
    try {
      const batcher = new OutputBatcher((stream, data) => {
        parsers[stream].push(data);
        if (stream === 'stdout') clock.release(parsers.stdout.settled);
      });
      const output = await connect({
        onStdout: (chunk) => {
          clock.advance(chunk.length);
          batcher.add('stdout', chunk);
        },
        onStderr: (chunk) => batcher.add('stderr', chunk),
        onEntry: (stream, at) => (stream === 'stdout' ? clock.mark(at) : undefined),
      });
      await output.done;
      batcher.flush();
      parsers.stdout.end();
      parsers.stderr.end();
      const exitCode = await docker.waitContainer(containerId);
      await lastUpdate;
      if (!this.ending && (await this.cancelRequested())) this.ending = 'cancelled';
      const steps = tracker.records(writers);
      // A step cut short by a kill ends when the container did, which is the engine's to say.
      const stoppedAt = steps.some((step) => step.status === 'running') ? await this.containerFinishedAt(containerId) : null;
      return await this.finish({ exitCode, done, nonce, steps, stoppedAt });
    } catch (error) {
      // The stream or the wait broke off: no step write still queued may land after the final record, which
      // closes the steps as this pass saw them.
      await lastUpdate;
      return await this.finish({ exitCode: null, done: false, steps: tracker.records(writers), error: toPayload(error) });
    } finally {
      writers.stdout.close();
      writers.stderr.close();
    }
  }

  /**
   * Writes the final record: artifacts, cleanup, then status, steps. The job's time limit still runs while
   * artifacts are collected, and the status is decided only at the end, so a cancel or the time limit arriving in
   * any phase ends the job as `cancelled` or `timed_out`.
   */
  private async finish(result: {
    exitCode: number | null;
    done: boolean;
    nonce?: string;
    steps?: StepRecord[];
    stoppedAt?: Date | null;
    error?: ErrorPayload;
  }): Promise<RunRecord> {
    const { store } = this.runtime;
    // A detached job did not end: whatever broke off here (the engine connection closed on shutdown) is not its
    // outcome, and the record stays as it is for the next supervisor.
    if (this.detached) return this.currentRecord();
    this.stepTimers.forEach((timer) => clearTimeout(timer));
    const collected = await this.collect(result.done, result.nonce);
    clearTimeout(this.ttlTimer);
    const cleanup = await this.cleanup();
    if (!this.ending && (await this.cancelRequested())) this.ending = 'cancelled';
    const status: JobStatus = this.ending ?? (result.error ? 'failed' : result.done && result.exitCode === 0 ? 'success' : 'failed');
    // A stop aborts what was in flight; the resulting error only repeats why the job ended.
    let error = this.ending ? null : (result.error ?? null);
    if (!error && status === 'timed_out') error = new OrcaError('JOB_TIMEOUT', `Job ${this.jobId} exceeded its time limit.`).toPayload();
    if (!error && status === 'cancelled') error = new OrcaError('CANCELLED', `Job ${this.jobId} was cancelled.`).toPayload();
    if (!error && status === 'failed' && !result.done && result.exitCode !== null) {
      error = new OrcaError('INTERNAL', `The job's container stopped before its steps finished (exit code ${result.exitCode}).`, {
        suggestion: 'The container may have run out of memory or been killed; check the logs with orcaops_get_job_logs and raise memory if needed.',
      }).toPayload();
    }
    const finishedAt = this.runtime.now();
    return store.update(this.jobId, (record) => ({
      ...record,
      status,
      finished_at: finishedAt.toISOString(),
      duration_ms: record.started_at ? finishedAt.getTime() - new Date(record.started_at).getTime() : null,
      steps: closeSteps(result.steps ?? record.steps, status, result.stoppedAt ?? finishedAt),
      artifacts: collected.artifacts,
      artifacts_skipped: collected.skipped,
      error,
      cleanup,
    }));
  }

  /** Copies out what the runner staged, unless the job ended before its steps did (then nothing was staged). */
  private async collect(done: boolean, nonce: string | undefined): Promise<Pick<CollectedArtifacts, 'artifacts' | 'skipped'>> {
    const patterns = this.spec.artifacts;
    const none = (reason: string) => ({ artifacts: [], skipped: patterns.map((pattern) => ({ pattern, reason })) });
    if (patterns.length === 0) return none('');
    if (!done || !this.containerId || !nonce) return none('not collected: the job did not finish its steps');
    if (this.ending) return none(`not collected: ${ENDING_REASON[this.ending]}`);
    // The container has exited, so a canceller elsewhere has nothing to kill: it only leaves the request file.
    const watch = setInterval(() => {
      void this.cancelRequested().then((requested) => (requested ? this.stop('cancelled') : undefined));
    }, CANCEL_POLL_MS);
    try {
      const staged = { containerId: this.containerId, workdir: this.spec.workdir, stagingDir: artifactStagingDir(runnerDir(nonce)), patterns };
      return await collectArtifacts(this.runtime.docker, staged, this.runtime.store.artifactsDir(this.jobId), this.runtime.artifactLimits, this.abort.signal);
    } finally {
      clearInterval(watch);
    }
  }

  private async cleanup(): Promise<RunRecord['cleanup']> {
    if (!this.containerId) return { container_removed: null, error: null };
    if (this.spec.keep_container) return { container_removed: false, error: null };
    try {
      await this.runtime.docker.removeContainer(this.containerId, { force: true, volumes: true });
      return { container_removed: true, error: null };
    } catch (error) {
      if (isOrcaError(error) && error.code === 'CONTAINER_NOT_FOUND') return { container_removed: true, error: null };
      return { container_removed: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private armTtl(startedAt: Date): void {
    const remaining = startedAt.getTime() + this.spec.timeout * 1000 - this.runtime.now().getTime();
    this.ttlTimer = setTimeout(() => void this.stop('timed_out'), Math.max(0, remaining));
  }

  /** Counted from when the step started (by the engine's log), so a resumed job does not give a step a new limit. */
  private armStepTimeout(step: number, startedAt: Date): void {
    const command = this.spec.commands[step];
    const seconds = typeof command === 'object' ? command.timeout_seconds : undefined;
    if (!seconds) return;
    const remaining = startedAt.getTime() + seconds * 1000 - this.runtime.now().getTime();
    this.stepTimers.set(step, setTimeout(() => void this.stop('timed_out'), Math.max(0, remaining)));
  }

  private async containerFinishedAt(containerId: string): Promise<Date | null> {
    const state = await this.runtime.docker.inspectContainer(containerId).catch(() => null);
    const at = state?.finishedAt ? Date.parse(state.finishedAt) : NaN;
    // The engine reports 0001-01-01 for a container that never ran.
    return Number.isFinite(at) && at > 0 ? new Date(at) : null;
  }

  private async currentRecord(): Promise<RunRecord> {
    const record = await this.runtime.store.get(this.jobId);
    if (!record) throw new OrcaError('RUN_NOT_FOUND', `The record of job ${this.jobId} is gone.`);
    return record;
  }

  private async cancelRequested(): Promise<boolean> {
    return access(join(this.runtime.store.dir(this.jobId), CANCEL_REQUEST_FILE)).then(
      () => true,
      () => false,
    );
  }
}

/**
 * Final step statuses: a step still running took the job's ending with it, and ended when the job was stopped
 * (`stoppedAt`); steps never reached were skipped.
 */
export function closeSteps(steps: readonly StepRecord[], status: JobStatus, stoppedAt: Date): StepRecord[] {
  const interrupted: StepRecord['status'] = status === 'cancelled' ? 'cancelled' : status === 'timed_out' ? 'timed_out' : 'failed';
  return steps.map((step) => {
    if (step.status === 'pending') return { ...step, status: 'skipped' };
    if (step.status !== 'running') return step;
    const started = step.started_at ? Date.parse(step.started_at) : NaN;
    const end = Number.isFinite(started) ? Math.max(started, stoppedAt.getTime()) : stoppedAt.getTime();
    return {
      ...step,
      status: interrupted,
      finished_at: new Date(end).toISOString(),
      duration_ms: Number.isFinite(started) ? end - started : null,
    };
  });
}

function toPayload(error: unknown): ErrorPayload {
  if (isOrcaError(error)) return error.toPayload();
  return new OrcaError('INTERNAL', error instanceof Error ? error.message : String(error)).toPayload();
}
