import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DockerodeService } from '@orcaops/docker';
import { type DockerService, type OutputHandlers } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type JobSpecInput, type RunRecord, type RunStore } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, requireDocker, silentLogger } from '@orcaops/testing';
import { JobEngine } from './engine/job-engine.js';
import { testJobRuntime } from './test-fixtures/job-runtime.js';
import { realJobEngine, type RealJobEngine } from './test-fixtures/real-job-engine.js';

describe('JobEngine against the real engine', () => {
  const scope = new DockerTestScope();
  let temp: RealJobEngine['temp'];
  let store: FileRunStore;
  let engine: JobEngine;

  beforeAll(async () => {
    await requireDocker();
    ({ temp, store, engine } = await realJobEngine({ artifactLimits: { maxFileBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, maxCount: 1000 } }));
  });
  afterAll(async () => {
    await scope.cleanup();
    await temp?.remove();
  });

  /** Every job carries the scope's label, so its container is cleaned up even when a test fails. */
  async function runJob(spec: Omit<JobSpecInput, 'image'> & { image?: string }, waitMs = 60_000): Promise<RunRecord> {
    const parsed = JobSpecSchema.parse({ image: TEST_IMAGE, ...spec, labels: { [TEST_RUN_LABEL]: scope.runId, ...spec.labels } });
    const submitted = await engine.submit(parsed);
    return engine.wait(submitted.job_id, { timeoutMs: waitMs });
  }

  it('runs steps in order and records exit codes, output and timing; the container is removed', async () => {
    const record = await runJob({ commands: ['echo hello; echo oops >&2', { command: 'pwd; echo "$GREETING"', cwd: '/tmp' }], env: { GREETING: 'hi there' } });
    expect(record.status).toBe('success');
    expect(record.steps.map((step) => [step.status, step.exit_code])).toEqual([['success', 0], ['success', 0]]);
    expect(record.steps[0]!.stdout.tail).toBe('hello\n');
    expect(record.steps[0]!.stderr.tail).toBe('oops\n');
    expect(record.steps[1]!.stdout.tail).toBe('/tmp\nhi there\n');
    expect(record.steps[1]!.duration_ms).toBeGreaterThanOrEqual(0);
    expect(await readFile(store.logPath(record.job_id, 'stdout'), 'utf8')).toBe('hello\n/tmp\nhi there\n');
    expect(record.image.id).toMatch(/^sha256:/);
    expect(record.cleanup).toEqual({ container_removed: true, error: null });
    await expect(dockerCli(['inspect', record.container_id!])).rejects.toThrow();
  });

  it('stops at the first failing step and skips the rest', async () => {
    const record = await runJob({ commands: ['echo one', 'echo two; exit 3', 'echo never'] });
    expect(record.status).toBe('failed');
    expect(record.steps.map((step) => step.status)).toEqual(['success', 'failed', 'skipped']);
    expect(record.steps[1]!.exit_code).toBe(3);
    expect(record.steps[1]!.stdout.tail).toBe('two\n');
  });

  it('times out a step that exceeds its limit, keeping the output so far', async () => {
    const record = await runJob({ commands: [{ command: 'echo started; sleep 30', timeout_seconds: 1 }, 'echo never'] });
    expect(record.status).toBe('timed_out');
    expect(record.error?.code).toBe('JOB_TIMEOUT');
    expect(record.steps.map((step) => step.status)).toEqual(['timed_out', 'skipped']);
    expect(await readFile(store.logPath(record.job_id, 'stdout'), 'utf8')).toBe('started\n');
    expect(record.duration_ms).toBeLessThan(15_000);
    // The killed step ended when its container did: it has an end time and a duration of about its limit.
    const [killed] = record.steps;
    expect(killed!.finished_at).not.toBeNull();
    expect(killed!.duration_ms).toBeGreaterThanOrEqual(900);
    expect(killed!.duration_ms).toBeLessThan(15_000);
    expect(Date.parse(killed!.finished_at!)).toBeLessThanOrEqual(Date.parse(record.finished_at!));
  });

  it('cancels a running job promptly and keeps its partial logs', async () => {
    const parsed = JobSpecSchema.parse({ image: TEST_IMAGE, commands: ['echo before; sleep 60'], labels: { [TEST_RUN_LABEL]: scope.runId } });
    const { job_id } = await engine.submit(parsed);
    for (let i = 0; i < 100 && !(await readFile(store.logPath(job_id, 'stdout'), 'utf8').catch(() => '')).includes('before'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The running step's output is readable before the step ends (its last newline may wait for the next output:
    // it could start one of the runner's markers).
    expect(await readFile(store.logPath(job_id, 'stdout'), 'utf8')).toMatch(/^before\n?$/);
    const started = Date.now();
    const record = await engine.cancel(job_id);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(record.status).toBe('cancelled');
    expect(record.steps[0]!.status).toBe('cancelled');
    expect(record.steps[0]!.stdout.tail).toBe('before\n');
    expect(record.steps[0]!.finished_at).not.toBeNull();
    expect(record.steps[0]!.duration_ms).toBeGreaterThanOrEqual(0);
    await expect(engine.cancel(job_id)).rejects.toMatchObject({ code: 'JOB_NOT_RUNNING' });
  });

  it('cancels a job that is still starting: its commands never run', async () => {
    const parsed = JobSpecSchema.parse({ image: TEST_IMAGE, commands: ['echo ran; sleep 60'], labels: { [TEST_RUN_LABEL]: scope.runId } });
    const { job_id } = await engine.submit(parsed);
    const record = await engine.cancel(job_id);
    expect(record.status).toBe('cancelled');
    expect(record.steps.every((step) => step.status !== 'success')).toBe(true);
    expect(record.duration_ms).toBeLessThan(10_000);
  });

  it('recovers a job whose supervisor died after creating its container but before starting it', async () => {
    const spec = JobSpecSchema.parse({ image: TEST_IMAGE, commands: ['echo resumed'], job_id: `orphan-${scope.runId.slice(0, 8)}`, labels: { [TEST_RUN_LABEL]: scope.runId } });
    const orphan = await scope.createContainer({ start: false, command: ['sh', '-c', 'echo stale'] });
    const now = new Date();
    await store.create({ ...queuedRunRecord(spec.job_id!, spec, now), status: 'running', started_at: now.toISOString(), container_id: orphan });
    await engine.recover();
    const record = await engine.wait(spec.job_id!, { timeoutMs: 60_000 });
    expect(record.status).toBe('success');
    expect(record.steps[0]!.stdout.tail).toBe('resumed\n');
    await expect(dockerCli(['inspect', orphan])).rejects.toThrow();
  });

  /**
   * A supervisor that goes deaf (and powerless: its kills do nothing) once told to, and never learns that the
   * container ended: what a killed server leaves behind. Its lease is a stand-in, so the next engine can take the job.
   */
  function deafSupervisor() {
    const real = new DockerodeService({ env: process.env }, silentLogger);
    let deaf = false;
    const deafDocker = new Proxy(real, {
      get(target, property) {
        if (property === 'attachOutput') {
          return async (id: string, handlers: OutputHandlers) => {
            const pass = (deliver: (chunk: Buffer) => void) => (chunk: Buffer) => (deaf ? undefined : deliver(chunk));
            await target.attachOutput(id, { onStdout: pass(handlers.onStdout), onStderr: pass(handlers.onStderr) });
            return { done: new Promise<void>(() => undefined) };
          };
        }
        if (property === 'killContainer') return async (id: string) => (deaf ? undefined : target.killContainer(id));
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const leaseless = new Proxy(store, {
      get(target, property) {
        if (property === 'acquireLease') return async () => ({ release: async () => undefined });
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const runtime = (docker: DockerService, runs: RunStore) =>
      testJobRuntime({ docker, store: runs, inputRoot: temp.path }, { artifactLimits: { maxFileBytes: 1024, maxTotalBytes: 4096, maxCount: 10 } });
    return {
      real,
      // The deaf supervisor never ends; its only timers are the job's short limits, so it does not hold the run open.
      first: new JobEngine(runtime(deafDocker, leaseless), { concurrency: 1, maxQueued: 1 }),
      second: () => new JobEngine(runtime(real, store), { concurrency: 1, maxQueued: 1 }),
      /** Waits until the job's first step runs, then the first supervisor stops hearing the container. */
      async goDeafOnceRunning(jobId: string): Promise<RunRecord> {
        let record = await store.get(jobId);
        for (let i = 0; i < 200 && record?.steps[0]?.status !== 'running'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          record = await store.get(jobId);
        }
        deaf = true;
        return record!;
      },
    };
  }

  it('a resumed job times its steps by the engine: a step that ended unwatched is not stretched to the recovery', async () => {
    const { real, first, second, goDeafOnceRunning } = deafSupervisor();
    const parsed = JobSpecSchema.parse({ image: TEST_IMAGE, commands: ['sleep 2', 'sleep 2'], timeout: 10, labels: { [TEST_RUN_LABEL]: scope.runId } });
    const { job_id } = await first.submit(parsed);
    const record = await goDeafOnceRunning(job_id);
    await dockerCli(['wait', record.container_id!]);
    const finishedAt = Date.parse((await real.inspectContainer(record.container_id!)).finishedAt!);
    // Long enough after the end that a step timed by the recovery would show it.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const recoveredAt = Date.now();
    const engineTwo = second();
    await engineTwo.recover();
    const resumed = await engineTwo.wait(job_id, { timeoutMs: 60_000 });
    expect(resumed.status).toBe('success');
    const [one, two] = resumed.steps.map((step) => step.duration_ms!);
    expect(two).toBeGreaterThanOrEqual(1900);
    expect(one).toBeLessThan(recoveredAt - finishedAt + 1900);
    expect(Math.abs(one! - two!)).toBeLessThan(Math.min(one!, two!));
    expect(Date.parse(resumed.steps[1]!.finished_at!)).toBeLessThanOrEqual(finishedAt);
  });

  it("a resumed job's step keeps the time limit it started with: the limit is not restarted by the recovery", async () => {
    const { first, second, goDeafOnceRunning } = deafSupervisor();
    const parsed = JobSpecSchema.parse({
      image: TEST_IMAGE,
      commands: [{ command: 'sleep 60', timeout_seconds: 6 }],
      timeout: 30,
      labels: { [TEST_RUN_LABEL]: scope.runId },
    });
    const { job_id } = await first.submit(parsed);
    const record = await goDeafOnceRunning(job_id);
    const stepStarted = Date.parse(record.steps[0]!.started_at!);
    // Recover 5 s into the step's 6 s: the step has about 1 s left, not 6 s.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stepStarted + 5000 - Date.now())));
    const recoveredAt = Date.now();
    const engineTwo = second();
    await engineTwo.recover();
    const resumed = await engineTwo.wait(job_id, { timeoutMs: 60_000 });
    expect(resumed.status).toBe('timed_out');
    expect(resumed.steps[0]!.status).toBe('timed_out');
    expect(Date.parse(resumed.steps[0]!.finished_at!) - recoveredAt).toBeLessThan(4000);
    expect(resumed.steps[0]!.duration_ms).toBeGreaterThanOrEqual(5900);
    expect(resumed.steps[0]!.duration_ms).toBeLessThan(10_000);
  });

  it('collects text, binary and globbed artifacts, reports missing ones, and never follows links', async () => {
    const record = await runJob({
      commands: [
        'mkdir -p out/deep && echo report > out/report.txt && printf "\\000\\001\\377" > out/data.bin && echo x > out/deep/a.log && echo y > out/deep/b.log && ln -s /etc/passwd out/link',
      ],
      artifacts: ['out/report.txt', '/workspace/out/data.bin', 'out/deep/*.log', 'out/missing.txt', 'out/link'],
    });
    expect(record.status).toBe('success');
    const paths = record.artifacts.map((artifact) => artifact.path).sort();
    expect(paths).toEqual(['workspace/out/data.bin', 'workspace/out/deep/a.log', 'workspace/out/deep/b.log', 'workspace/out/report.txt']);
    const binary = record.artifacts.find((artifact) => artifact.path.endsWith('data.bin'))!;
    expect(binary.size).toBe(3);
    expect(await readFile(join(store.artifactsDir(record.job_id), 'workspace/out/data.bin'))).toEqual(Buffer.from([0, 1, 255]));
    expect(record.artifacts_skipped).toEqual(
      expect.arrayContaining([
        { pattern: 'out/missing.txt', reason: 'no match' },
        expect.objectContaining({ pattern: 'out/link', reason: expect.stringContaining('symlink') }),
      ]),
    );
  });

  it('copies inline files and a host directory into the container without touching the host', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const project = join(temp.path, 'project');
    await mkdir(join(project, 'src'), { recursive: true });
    await mkdir(join(project, 'node_modules', 'x'), { recursive: true });
    await writeFile(join(project, 'src', 'main.sh'), 'echo from-project');
    const record = await runJob({
      commands: ['sh src/main.sh && cat notes.txt && ls node_modules 2>&1 | head -1; echo changed > src/main.sh'],
      inputs: { files: [{ path: 'notes.txt', content: 'inline note\n' }], directories: [{ source: project }] },
    });
    expect(record.steps[0]!.stdout.tail).toBe('from-project\ninline note\nls: node_modules: No such file or directory\n');
    expect(await readFile(join(project, 'src', 'main.sh'), 'utf8')).toBe('echo from-project');
  });

  it('refuses input directories outside the allowed roots', async () => {
    const record = await runJob({ commands: ['true'], inputs: { directories: [{ source: '/etc' }] } });
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('PERMISSION_DENIED');
  });

  it('keeps tens of MB of output on disk while the record stays small', async () => {
    const record = await runJob({ commands: ['yes 0123456789abcdefghij | head -c 30000000'] });
    expect(record.status).toBe('success');
    expect((await stat(store.logPath(record.job_id, 'stdout'))).size).toBe(30_000_000);
    expect(record.steps[0]!.stdout).toMatchObject({ offset: 0, bytes: 30_000_000, tail_truncated: true });
    expect(record.steps[0]!.stdout.tail.length).toBeLessThanOrEqual(4096);
    const slice = await store.readLog(record.job_id, 'stdout', { tailLines: 5, maxBytes: 1024 });
    expect(slice.text.split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('fails with an image error for an image that cannot be found or pulled', async () => {
    const record = await runJob({ image: '127.0.0.1:1/orcaops-test/missing:latest', commands: ['true'] });
    expect(record.status).toBe('failed');
    expect(['IMAGE_NOT_FOUND', 'IMAGE_PULL_FAILED']).toContain(record.error?.code);
    expect(record.container_id).toBeNull();
  });
});
