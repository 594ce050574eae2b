import { join } from 'node:path';
import { OrcaError, type ContainerCreateSpec, type ErrorPayload, type HostRole } from '@orcaops/plugin-api';
import { isFinalStatus } from '@orcaops/contracts';
import type { PluginUnderTest, TestCallOptions } from '@orcaops/plugin-api/testing';
import { FileRunStore } from '@orcaops/run-store';
import { FakeDockerService, MemorySecrets, makeTempDir, setupBuiltinPlugin, type FakeScript } from '@orcaops/testing';
import { NONCE_LABEL } from '../engine/job-labels.js';
import jobsPlugin from '../index.js';

/** The tools that start jobs: the jobs they return are cancelled when the test ends. */
const SUBMITTING = new Set(['orcaops_submit_job', 'orcaops_run_job']);

/** An image the fake engine has locally. */
export const LOCAL_IMAGE = 'fake/busybox:1';

/** How a fake job's runner behaves: each step's exit code, and whether it hangs in the last step listed. */
export interface RunnerPlan {
  readonly exitCodes: readonly number[];
  /** Print the last step's start and output, then keep running until killed (no end marker, no `done`). */
  readonly hang?: boolean;
}

/**
 * What the runner script prints for `plan`, as the real one does: each marker on both streams, each step's output
 * (`step <n> out` on stdout, `step <n> err` on stderr) between its markers, and, unless it hangs, `done` with the
 * status; a failing step ends the steps (no continue_on_error).
 */
export function runnerScript(nonce: string, plan: RunnerPlan): FakeScript {
  const marker = (event: string) => `\n\x1eorcaops:${nonce} ${event}\n`;
  const out: string[] = [];
  const err: string[] = [];
  let status = 0;
  for (const [step, code] of plan.exitCodes.entries()) {
    out.push(marker(`step-start ${step}`), `step ${step} out\n`);
    err.push(marker(`step-start ${step}`), `step ${step} err\n`);
    if (plan.hang && step === plan.exitCodes.length - 1) break;
    out.push(marker(`step-end ${step} ${code}`));
    err.push(marker(`step-end ${step} ${code}`));
    if (code !== 0) {
      status = code;
      break;
    }
  }
  if (!plan.hang) {
    out.push(marker(`done ${status}`));
    err.push(marker(`done ${status}`));
  }
  return {
    output: [
      { stream: 'stdout', data: out.join('') },
      { stream: 'stderr', data: err.join('') },
    ],
    ...(plan.hang ? { hang: true } : { exitCode: status }),
  };
}

/** The number of steps of a job whose runner came inline (`sh -c <script>`); 1 when it came in the archive. */
function inlineSteps(spec: ContainerCreateSpec): number {
  return spec.command.join('\n').match(/mark step-start \d+/g)?.length ?? 1;
}

/** A pull the test holds until it releases it; aborting the pull's signal fails it as the real engine does. */
export interface HeldPull {
  /** Resolves once the job asked for the image. */
  readonly started: Promise<void>;
  /** Lets the pull finish: the image is on the fake engine from then on. */
  release(): void;
}

/** The jobs plugin set up over a fake engine and a run store in a temporary directory. */
export interface FakeJobs {
  readonly docker: FakeDockerService;
  readonly store: FileRunStore;
  readonly plugin: PluginUnderTest;
  /** What the next containers' runners do (default: every step of the job succeeds). */
  plan: (spec: ContainerCreateSpec) => RunnerPlan;
  /** A success's data; a failed call throws naming its code. Jobs it submits are cancelled by {@link close}. */
  data(name: string, args?: unknown, options?: TestCallOptions): Promise<Record<string, any>>;
  /** The error of a call that must fail. */
  error(name: string, args?: unknown): Promise<ErrorPayload>;
  /** Marks a job for {@link close} to cancel, e.g. one the plugin resumed. */
  track(jobId: string): void;
  /** Makes pulls of `ref` wait for the test. */
  holdPull(ref: string): HeldPull;
  /** orcaops_get_job_status, asked again every few milliseconds until `done` holds for it (at most 5 s). */
  statusWhen(jobId: string, done: (view: Record<string, any>) => boolean): Promise<Record<string, any>>;
  /** Cancels the jobs this process still supervises, stops the plugin and removes the directory. */
  close(): Promise<void>;
}

/** Sets the jobs plugin up as OrcaOps does (built-in services, options validated), over fakes. */
export async function fakeJobs(options: { concurrency?: number; maxQueued?: number; role?: HostRole } = {}): Promise<FakeJobs> {
  const temp = await makeTempDir('orcaops-fake-jobs-');
  const store = new FileRunStore({ home: join(temp.path, 'home') });
  const docker = new FakeDockerService();
  docker.addImage(LOCAL_IMAGE);
  const plugin = await setupBuiltinPlugin(jobsPlugin, {
    services: { docker, runStore: store, clock: { now: () => new Date() }, secrets: new MemorySecrets() },
    options: { concurrency: options.concurrency ?? 2, max_queued: options.maxQueued ?? 10, input_roots: [temp.path] },
    ...(options.role ? { role: options.role } : {}),
  });
  const tracked = new Set<string>();
  const held: Array<() => void> = [];
  const jobs: FakeJobs = {
    docker,
    store,
    plugin,
    plan: (spec) => ({ exitCodes: Array.from({ length: inlineSteps(spec) }, () => 0) }),
    async data(name, args = {}, call) {
      const outcome = await plugin.outcome(name, args, call);
      if (!outcome.ok) throw new Error(`${name} failed with ${outcome.error.code}: ${outcome.error.message}`);
      if (SUBMITTING.has(name) && typeof outcome.data['job_id'] === 'string') tracked.add(outcome.data['job_id']);
      return outcome.data as Record<string, any>;
    },
    async error(name, args = {}) {
      const outcome = await plugin.outcome(name, args);
      if (outcome.ok) throw new Error(`${name} succeeded where a failure was expected`);
      return outcome.error;
    },
    track: (jobId) => void tracked.add(jobId),
    holdPull(ref) {
      let started!: () => void;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      held.push(release);
      const original = docker.pullImage.bind(docker);
      docker.pullImage = async (asked, call = {}) => {
        if (asked !== ref) return original(asked, call);
        started();
        call.onProgress?.({ status: `Pulling from ${ref}` });
        await new Promise<void>((resolve, reject) => {
          if (call.signal?.aborted) reject(new OrcaError('CANCELLED', `The pull of ${ref} was cancelled.`));
          call.signal?.addEventListener('abort', () => reject(new OrcaError('CANCELLED', `The pull of ${ref} was cancelled.`)), { once: true });
          void gate.then(resolve);
        });
        return docker.addImage(ref);
      };
      return { started: new Promise<void>((resolve) => (started = resolve)), release };
    },
    async statusWhen(jobId, done) {
      for (const deadline = Date.now() + 5000; ; ) {
        const view = await jobs.data('orcaops_get_job_status', { job_id: jobId });
        if (done(view) || Date.now() > deadline) return view;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      held.forEach((release) => release());
      for (const jobId of tracked) {
        const record = await store.get(jobId).catch(() => null);
        if (record && !isFinalStatus(record.status)) await plugin.outcome('orcaops_cancel_job', { job_id: jobId });
      }
      await plugin.stop();
      await temp.remove();
    },
  };
  docker.script = (spec) => runnerScript(spec.labels[NONCE_LABEL]!, jobs.plan(spec));
  return jobs;
}
