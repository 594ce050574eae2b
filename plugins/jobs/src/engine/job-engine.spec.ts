import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { LABELS, OrcaError, type ProgressUpdate, type PullProgress } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type JobSpecInput, type RunRecord } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { FakeDockerService, callToolData, makeTempDir, silentLogger, MemorySecrets } from '@orcaops/testing';
import { createSubmitTools } from '../tools/submit-tools.js';
import { JobEngine } from './job-engine.js';
import { NONCE_LABEL } from './job-labels.js';
import { DEFAULT_JOB_SECURITY } from '../jobs-options.js';

const IMAGE = 'fake/busybox:1';
/** Steps the fake's containers report, as the runner would (every step succeeds). */
let steps = 1;

/** What the runner prints on stdout for `count` successful steps, each echoing its number. */
function runnerOutput(nonce: string, count: number): string {
  const marker = (event: string) => `\n\x1eorcaops:${nonce} ${event}\n`;
  const body = Array.from({ length: count }, (_, step) => `${marker(`step-start ${step}`)}step ${step}\n${marker(`step-end ${step} 0`)}`).join('');
  return `${body}${marker('done 0')}`;
}

const unavailable = () => new OrcaError('DOCKER_UNAVAILABLE', 'The Docker engine is not answering.');

describe('JobEngine with a fake engine', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: FileRunStore;
  let docker: FakeDockerService;

  beforeEach(async () => {
    steps = 1;
    temp = await makeTempDir();
    store = new FileRunStore({ home: join(temp.path, 'home') });
    docker = new FakeDockerService();
    docker.addImage(IMAGE);
    docker.script = (created) => ({ output: [{ stream: 'stdout', data: runnerOutput(created.labels[NONCE_LABEL]!, steps) }] });
  });
  afterEach(async () => {
    await temp.remove();
  });

  function newEngine(cleanupRetryMs = 20): JobEngine {
    return new JobEngine(
      {
        docker,
        store,
        log: silentLogger,
        now: () => new Date(),
        artifactLimits: { maxFileBytes: 1024, maxTotalBytes: 4096, maxCount: 10 },
        inputPolicy: { allowedRoots: [temp.path], maxBytes: 1024 * 1024 },
        security: DEFAULT_JOB_SECURITY,
        secrets: new MemorySecrets(),
      },
      { concurrency: 2, maxQueued: 10, cleanupRetryMs },
    );
  }

  const spec = (fields: Partial<JobSpecInput> = {}) => JobSpecSchema.parse({ image: IMAGE, commands: ['true'], ...fields });

  async function until(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 500 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it('removes the container of a job that failed while the engine was down, once the engine answers again', async () => {
    const engine = newEngine();
    // The engine goes away after the container exists: the job fails and its cleanup cannot remove it.
    docker.putArchive = async () => {
      docker.failure = unavailable();
      throw docker.failure;
    };
    const submitted = await engine.submit(spec({ artifacts: ['out.txt'] }));
    const failed = await engine.wait(submitted.job_id, { timeoutMs: 5000 });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'DOCKER_UNAVAILABLE' }, cleanup: { container_removed: false } });
    const containerId = failed.container_id!;
    expect(docker.containers.has(containerId)).toBe(true);

    docker.failure = null;
    await until(async () => (await engine.get(submitted.job_id)).cleanup.container_removed === true);
    expect((await engine.get(submitted.job_id)).cleanup).toEqual({ container_removed: true, error: null });
    expect(docker.removed).toContain(containerId);
    expect((await engine.get(submitted.job_id)).status).toBe('failed');
  });

  it('recover() removes containers of ended jobs left on the engine, but not kept ones or those of live jobs', async () => {
    const ended = (jobId: string, fields: Partial<JobSpecInput> = {}) => ({
      ...queuedRunRecord(jobId, spec(fields), new Date()),
      status: 'failed' as const,
      container_id: `c-${jobId}`,
      cleanup: { container_removed: false, error: 'connect ENOENT /var/run/docker.sock' },
    });
    await store.create(ended('left'));
    await store.create(ended('kept', { keep_container: true }));
    for (const jobId of ['left', 'kept', 'unknown']) docker.add({ id: `c-${jobId}`, managed: true, labels: { [LABELS.job]: jobId } });
    await newEngine().recover();
    expect(docker.removed).toEqual(['c-left']);
    expect((await store.get('left'))!.cleanup).toEqual({ container_removed: true, error: null });
    expect((await store.get('kept'))!.cleanup.container_removed).toBe(false);
  });

  it("recover({ sweep: 'background' }) adopts jobs without waiting for the engine, and the sweep still removes leftovers", async () => {
    const ended = { ...queuedRunRecord('left', spec(), new Date()), status: 'failed' as const, container_id: 'c-left', cleanup: { container_removed: false, error: 'engine down' } };
    await store.create(ended);
    docker.add({ id: 'c-left', managed: true, labels: { [LABELS.job]: 'left' } });
    let answer: () => void = () => undefined;
    const engineAnswers = new Promise<void>((resolve) => (answer = resolve));
    const listContainers = docker.listContainers.bind(docker);
    docker.listContainers = async (options) => engineAnswers.then(() => listContainers(options));

    const engine = newEngine();
    await engine.recover({ sweep: 'background' });
    expect(docker.removed).toEqual([]);
    answer();
    await until(async () => (await store.get('left'))!.cleanup.container_removed === true);
    expect(docker.removed).toEqual(['c-left']);
  });

  it('fails a record whose stored spec is corrupt, naming the field, removes its container, and resumes the others', async () => {
    const now = new Date();
    const corrupt: RunRecord = {
      ...queuedRunRecord('corrupt', spec(), now),
      status: 'running',
      started_at: now.toISOString(),
      container_id: 'c-corrupt',
      spec: { ...spec(), job_id: 'corrupt', timeout: 'soon' },
    };
    await store.create(corrupt);
    docker.add({ id: 'c-corrupt', managed: true, state: 'running', status: 'Up', labels: { [LABELS.job]: 'corrupt' } });
    await store.create(queuedRunRecord('healthy', spec({ commands: ['echo ok'] }), now));
    const engine = newEngine();
    await engine.recover();

    const failed = await engine.wait('corrupt', { timeoutMs: 5000 });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('timeout') });
    expect(failed.finished_at).not.toBeNull();
    expect(failed.cleanup).toEqual({ container_removed: true, error: null });
    expect(docker.removed).toContain('c-corrupt');
    expect((await engine.wait('healthy', { timeoutMs: 5000 })).status).toBe('success');
  });

  it('orcaops_run_job: the first progress names the job, and progress rises through the pull and the steps', async () => {
    const layers = ['a1', 'b2'];
    const events: PullProgress[] = [
      { status: 'Pulling from fake/busybox' },
      ...layers.map((layer) => ({ status: 'Pulling fs layer', layer })),
      ...layers.flatMap((layer) => [
        { status: 'Downloading', layer, current: 100, total: 1000 },
        { status: 'Downloading', layer, current: 900, total: 1000 },
        { status: 'Download complete', layer },
        { status: 'Extracting', layer, current: 100, total: 1000 },
        { status: 'Extracting', layer, current: 1000, total: 1000 },
        { status: 'Pull complete', layer },
      ]),
      { status: 'Digest: sha256:0123' },
      { status: 'Status: Downloaded newer image for fake/remote:2' },
    ];
    docker.pullImage = async (ref, options = {}) => {
      for (const event of events) options.onProgress?.(event);
      return docker.addImage(ref);
    };
    steps = 2;
    const updates: ProgressUpdate[] = [];
    const [runJob] = createSubmitTools(newEngine());
    const result = await callToolData(
      runJob!,
      { image: 'fake/remote:2', commands: ['echo one', 'echo two'], wait_seconds: 5 },
      { onProgress: (update) => updates.push(update) },
    );
    expect(result).toMatchObject({ status: 'success' });
    expect(updates[0]).toEqual({ progress: 0, total: 2, message: `job ${result['job_id']} queued` });
    const values = updates.map((update) => update.progress);
    values.slice(1).forEach((value, index) => expect(value).toBeGreaterThan(values[index]!));
    // The pipeline drops an update that does not rise above the one before: none was dropped, one per event
    // besides the first ("pulling <image>").
    const pulls = updates.filter((update) => update.message?.startsWith('pull'));
    expect(pulls).toHaveLength(events.length + 1);
    expect(pulls.every((update) => update.progress > 0 && update.progress < 1)).toBe(true);
    expect(values.slice(-2)).toEqual([1, 2]);
  });
});
