import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  OrcaError,
  isOrcaError,
  type DockerService,
  type ErrorPayload,
  type JobSpec,
  type JobStatus,
  type Logger,
  type OutputHandlers,
  type RunRecord,
  type RunStore,
  type StepRecord,
} from '@orcaops/plugin-api';
import { collectArtifacts, type ArtifactLimits, type FoundArtifact } from './artifact-collector.js';
import { buildInputArchive, type InputPolicy } from './input-archive.js';
import { NONCE_LABEL, jobLabels, parseMemory } from './job-labels.js';
import { MarkerParser, type MarkerEvent } from './marker-parser.js';
import { OutputBatcher } from './output-batcher.js';
import { RUNNER_DIR, runnerScript, runnerSteps } from './runner-script.js';
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
}

/** Progress of a running job, for `orcaops_run_job` progress notifications. */
export type JobProgress = { readonly step: number; readonly total: number; readonly message: string };

/** File in a run's directory that asks whichever process supervises the job to cancel it. */
export const CANCEL_REQUEST_FILE = 'cancel-requested';

type Ending = 'cancelled' | 'timed_out';

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

  constructor(
    private readonly runtime: JobRuntime,
    private readonly jobId: string,
    private readonly spec: JobSpec,
    private readonly onProgress: (progress: JobProgress) => void = () => undefined,
  ) {}

  /** Stops the job (kills its container) and records why. Safe to call at any time, more than once. */
  async stop(ending: Ending): Promise<void> {
    this.ending ??= ending;
    if (this.containerId) await this.runtime.docker.killContainer(this.containerId).catch(() => undefined);
  }

  /** Runs a queued job from the start. Never throws: failures end up in the record. */
  async run(): Promise<RunRecord> {
    const { docker, store } = this.runtime;
    const startedAt = this.runtime.now();
    await store.update(this.jobId, (record) => ({ ...record, status: 'running', started_at: startedAt.toISOString() }));
    try {
      if (await this.cancelRequested()) this.ending = 'cancelled';
      if (this.ending) return await this.finish({ exitCode: null, found: [], done: false });
      const image = await this.ensureImage();
      await store.update(this.jobId, (record) => ({ ...record, image: { ref: this.spec.image, id: image.id, digest: image.digest } }));
      const nonce = randomBytes(8).toString('hex');
      const steps = runnerSteps(this.spec);
      // Without inputs, the runner goes in as an argument: copying an archive in costs ~50 ms per job.
      const hasInputs = this.spec.inputs.files.length > 0 || this.spec.inputs.directories.length > 0;
      const inlineScript = runnerScript(steps, this.spec.artifacts, nonce, { inlineSteps: true });
      const inline = !hasInputs && Buffer.byteLength(inlineScript) <= MAX_INLINE_SCRIPT_BYTES;
      const archive = inline
        ? null
        : await buildInputArchive(this.spec, runnerScript(steps, this.spec.artifacts, nonce), steps.map((step) => step.command), this.runtime.inputPolicy);
      this.containerId = await docker.createContainer({
        image: this.spec.image,
        entrypoint: ['/bin/sh'],
        command: inline ? ['-c', inlineScript] : [`${RUNNER_DIR}/run.sh`],
        env: this.spec.env,
        workdir: this.spec.workdir,
        labels: jobLabels(this.jobId, nonce, this.spec.labels),
        init: true,
        network: this.spec.network,
        ...(this.spec.cpus ? { nanoCpus: Math.round(this.spec.cpus * 1e9) } : {}),
        ...(this.spec.memory ? { memoryBytes: parseMemory(this.spec.memory) } : {}),
        ...(this.spec.pids ? { pidsLimit: this.spec.pids } : {}),
      });
      const containerId = this.containerId;
      await store.update(this.jobId, (record) => ({ ...record, container_id: containerId }));
      if (archive) await docker.putArchive(containerId, '/', archive);
      if (!this.ending && (await this.cancelRequested())) this.ending = 'cancelled';
      if (this.ending) return await this.finish({ exitCode: null, found: [], done: false });
      this.armTtl(startedAt);
      return await this.follow(containerId, nonce, [], async (handlers) => {
        const attached = await docker.attachOutput(containerId, handlers);
        await docker.startContainer(containerId);
        // A stop that arrived while the container was starting found nothing running to kill.
        if (this.ending) await docker.killContainer(containerId).catch(() => undefined);
        return attached;
      });
    } catch (error) {
      return this.finish({ exitCode: null, found: [], done: false, error: toPayload(error) });
    }
  }

  /** Picks up a job another (dead) process started: replays its container's log and follows it to the end. */
  async resume(record: RunRecord): Promise<RunRecord> {
    this.containerId = record.container_id;
    if (!this.containerId) return this.run();
    try {
      const state = await this.runtime.docker.inspectContainer(this.containerId);
      if (state.state === 'created') {
        // The previous supervisor died between creating and starting the container: nothing ran, start afresh.
        await this.runtime.docker.removeContainer(this.containerId, { force: true }).catch(() => undefined);
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
      return this.finish({ exitCode: null, found: [], done: false, error: payload });
    }
  }

  private async ensureImage() {
    const { docker } = this.runtime;
    const present = await docker.inspectImage(this.spec.image);
    if (present) return present;
    this.onProgress({ step: 0, total: this.spec.commands.length, message: `pulling ${this.spec.image}` });
    return docker.pullImage(this.spec.image, {
      onProgress: (event) => this.onProgress({ step: 0, total: this.spec.commands.length, message: `pull: ${event.status}` }),
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
    const writers = { stdout: new StepLogWriter(store.logPath(this.jobId, 'stdout')), stderr: new StepLogWriter(store.logPath(this.jobId, 'stderr')) };
    const steps = runnerSteps(this.spec);
    const tracker = new StepTracker(steps, this.runtime.now, previousSteps);
    const found: FoundArtifact[] = [];
    let done = false;
    let lastUpdate = Promise.resolve<unknown>(undefined);
    // Markers arrive on both streams; stdout's copy drives the record, each stream's copy drives its own offsets.
    const onMarker = (stream: 'stdout' | 'stderr') => (event: MarkerEvent) => {
      const writer = writers[stream];
      if (event.kind === 'step-start') writer.startStep(event.step);
      if (event.kind === 'step-end') writer.endStep();
      if (stream !== 'stdout') return;
      if (event.kind === 'step-start') {
        tracker.start(event.step);
        this.armStepTimeout(event.step);
        this.onProgress({ step: event.step + 1, total: steps.length, message: `step ${event.step + 1}/${steps.length}: ${steps[event.step]?.command ?? ''}` });
      }
      if (event.kind === 'step-end') {
        tracker.end(event.step, event.exitCode);
        clearTimeout(this.stepTimers.get(event.step));
      }
      if (event.kind === 'artifact') found.push({ pattern: this.spec.artifacts[event.pattern] ?? '', path: event.path });
      if (event.kind === 'done') done = true;
      if (event.kind === 'step-start' || event.kind === 'step-end') {
        const snapshot = tracker.records(writers);
        lastUpdate = lastUpdate.then(() => store.update(this.jobId, (record) => ({ ...record, steps: snapshot }))).catch(() => undefined);
      }
    };
    const parsers = {
      stdout: new MarkerParser(nonce, { output: (chunk) => writers.stdout.write(chunk), marker: onMarker('stdout') }),
      stderr: new MarkerParser(nonce, { output: (chunk) => writers.stderr.write(chunk), marker: onMarker('stderr') }),
    };
    try {
      const batcher = new OutputBatcher((stream, data) => parsers[stream].push(data));
      const output = await connect({ onStdout: (chunk) => batcher.add('stdout', chunk), onStderr: (chunk) => batcher.add('stderr', chunk) });
      await output.done;
      batcher.flush();
      parsers.stdout.end();
      parsers.stderr.end();
      const exitCode = await docker.waitContainer(containerId);
      await lastUpdate;
      if (!this.ending && (await this.cancelRequested())) this.ending = 'cancelled';
      return await this.finish({ exitCode, found, done, steps: tracker.records(writers) });
    } finally {
      writers.stdout.close();
      writers.stderr.close();
    }
  }

  /** Writes the final record: status, steps, artifacts, cleanup. */
  private async finish(result: { exitCode: number | null; found: FoundArtifact[]; done: boolean; steps?: StepRecord[]; error?: ErrorPayload }): Promise<RunRecord> {
    const { docker, store } = this.runtime;
    clearTimeout(this.ttlTimer);
    this.stepTimers.forEach((timer) => clearTimeout(timer));
    const status: JobStatus = this.ending ?? (result.error ? 'failed' : result.done && result.exitCode === 0 ? 'success' : 'failed');
    let error = result.error ?? null;
    if (!error && status === 'timed_out') error = new OrcaError('JOB_TIMEOUT', `Job ${this.jobId} exceeded its time limit.`).toPayload();
    if (!error && status === 'cancelled') error = new OrcaError('CANCELLED', `Job ${this.jobId} was cancelled.`).toPayload();
    if (!error && status === 'failed' && !result.done && result.exitCode !== null) {
      error = new OrcaError('INTERNAL', `The job's container stopped before its steps finished (exit code ${result.exitCode}).`, {
        suggestion: 'The container may have run out of memory or been killed; check the logs with orcaops_get_job_logs and raise memory if needed.',
      }).toPayload();
    }
    const collected =
      this.containerId && result.found.length > 0
        ? await collectArtifacts(docker, this.containerId, this.spec.workdir, result.found, store.artifactsDir(this.jobId), this.runtime.artifactLimits)
        : { artifacts: [], skipped: [] };
    const skippedPatterns = this.spec.artifacts.filter((pattern) => !result.found.some((found) => found.pattern === pattern));
    const cleanup = await this.cleanup();
    const finishedAt = this.runtime.now();
    return store.update(this.jobId, (record) => ({
      ...record,
      status,
      finished_at: finishedAt.toISOString(),
      duration_ms: record.started_at ? finishedAt.getTime() - new Date(record.started_at).getTime() : null,
      steps: closeSteps(result.steps ?? record.steps, status),
      artifacts: collected.artifacts,
      artifacts_skipped: [
        ...collected.skipped,
        ...skippedPatterns.map((pattern) => ({ pattern, reason: result.done ? 'no match' : 'not collected: the job did not finish its steps' })),
      ],
      error,
      cleanup,
    }));
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

  private armStepTimeout(step: number): void {
    const command = this.spec.commands[step];
    const seconds = typeof command === 'object' ? command.timeout_seconds : undefined;
    if (seconds) this.stepTimers.set(step, setTimeout(() => void this.stop('timed_out'), seconds * 1000));
  }

  private async cancelRequested(): Promise<boolean> {
    return access(join(this.runtime.store.dir(this.jobId), CANCEL_REQUEST_FILE)).then(
      () => true,
      () => false,
    );
  }
}

/** Final step statuses: a step still running took the job's ending with it; steps never reached were skipped. */
function closeSteps(steps: readonly StepRecord[], status: JobStatus): StepRecord[] {
  const interrupted: StepRecord['status'] = status === 'cancelled' ? 'cancelled' : status === 'timed_out' ? 'timed_out' : 'failed';
  return steps.map((step) =>
    step.status === 'running' ? { ...step, status: interrupted } : step.status === 'pending' ? { ...step, status: 'skipped' } : step,
  );
}

function toPayload(error: unknown): ErrorPayload {
  if (isOrcaError(error)) return error.toPayload();
  return new OrcaError('INTERNAL', error instanceof Error ? error.message : String(error)).toPayload();
}
