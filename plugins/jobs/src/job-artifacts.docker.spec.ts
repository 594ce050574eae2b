import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DockerodeService } from '@orcaops/docker';
import { type CallOptions, type DockerService } from '@orcaops/plugin-api';
import { JobSpecSchema, type JobSpecInput, type RunRecord } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, makeTempDir, requireDocker, silentLogger } from '@orcaops/testing';
import { JobEngine } from './engine/job-engine.js';
import { testJobRuntime } from './test-fixtures/job-runtime.js';

/**
 * The real engine, with every archive request counted and, while `hold` is set, the request for the staged files
 * held until its signal aborts: a job caught in the middle of collecting its artifacts.
 */
function observedDocker(real: DockerService) {
  const archiveCalls: Array<{ id: string; path: string }> = [];
  const state = { hold: false, reached: () => undefined as void };
  const collecting = () => new Promise<void>((resolve) => (state.reached = resolve));
  const docker = new Proxy(real, {
    get(target, property) {
      if (property !== 'getArchive') {
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (id: string, path: string, options: CallOptions = {}) => {
        archiveCalls.push({ id, path });
        if (state.hold && path.endsWith('/files')) {
          state.reached();
          await new Promise((_resolve, reject) => options.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
        }
        return target.getArchive(id, path, options);
      };
    },
  });
  return { docker, archiveCalls, state, collecting };
}

describe('job artifacts against the real engine', () => {
  const scope = new DockerTestScope();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: FileRunStore;
  let observed: ReturnType<typeof observedDocker>;
  const engines: JobEngine[] = [];

  function newEngine(concurrency = 4): JobEngine {
    const engine = new JobEngine(
      testJobRuntime({ docker: observed.docker, store, inputRoot: temp.path }),
      { concurrency, maxQueued: 10 },
    );
    engines.push(engine);
    return engine;
  }

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
    store = new FileRunStore({ home: join(temp.path, 'home') });
    observed = observedDocker(new DockerodeService({ env: process.env }, silentLogger));
  });
  afterAll(async () => {
    observed.state.hold = false;
    for (const engine of engines) for (const jobId of engine.localJobIds()) await engine.cancel(jobId).catch(() => undefined);
    await scope.cleanup();
    await temp?.remove();
  });

  const parse = (spec: Omit<JobSpecInput, 'image'>) => JobSpecSchema.parse({ image: TEST_IMAGE, ...spec, labels: { [TEST_RUN_LABEL]: scope.runId } });
  async function runJob(engine: JobEngine, spec: Omit<JobSpecInput, 'image'>): Promise<RunRecord> {
    const submitted = await engine.submit(parse(spec));
    return engine.wait(submitted.job_id, { timeoutMs: 120_000 });
  }
  const filesUnder = async (dir: string): Promise<string[]> =>
    (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));

  it('keeps a file name with a newline out of the job output and still collects the file', async () => {
    const record = await runJob(newEngine(), {
      commands: ['mkdir -p out && echo payload > "out/$(printf "first\\nsecond")" && echo done-here'],
      artifacts: ['out/*'],
    });
    expect(record.status).toBe('success');
    expect(await readFile(store.logPath(record.job_id, 'stdout'), 'utf8')).toBe('done-here\n');
    expect(await readFile(store.logPath(record.job_id, 'stderr'), 'utf8')).toBe('');
    expect(record.artifacts.map((artifact) => artifact.path)).toEqual(['workspace/out/first\nsecond']);
    expect(await readFile(join(store.artifactsDir(record.job_id), 'workspace', 'out', 'first\nsecond'), 'utf8')).toBe('payload\n');
  });

  it('collects many files with two archive requests and stops at max_artifacts, saying so', async () => {
    const record = await runJob(newEngine(), {
      commands: ['mkdir -p out/sub && i=0; while [ $i -lt 1200 ]; do echo "f $i" > out/sub/f$i.txt; i=$((i+1)); done'],
      artifacts: ['out', 'other/*'],
    });
    expect(record.status).toBe('success');
    expect(record.artifacts).toHaveLength(1000);
    expect(new Set(record.artifacts.map((artifact) => artifact.path)).size).toBe(1000);
    expect(record.artifacts[0]).toMatchObject({ path: expect.stringMatching(/^workspace\/out\/sub\/f\d+\.txt$/), source: 'out' });
    expect(record.artifacts_skipped).toEqual([
      { pattern: 'out', reason: expect.stringContaining('max_artifacts') },
      { pattern: 'other/*', reason: expect.stringContaining('not looked at') },
    ]);
    expect(observed.archiveCalls.filter((call) => call.id === record.container_id)).toHaveLength(2);
    expect(await filesUnder(store.artifactsDir(record.job_id))).toHaveLength(1000);
  });

  it('cancels a job while it collects artifacts: a cancelled record, artifacts as on disk, container removed', async () => {
    const engine = newEngine();
    observed.state.hold = true;
    const reached = observed.collecting();
    try {
      const { job_id } = await engine.submit(parse({ commands: ['mkdir -p out && echo a > out/a && echo b > out/b'], artifacts: ['out/*'] }));
      await reached;
      const record = await engine.cancel(job_id);
      expect(record.status).toBe('cancelled');
      expect(record.error?.code).toBe('CANCELLED');
      expect(record.steps[0]!.status).toBe('success');
      expect(record.artifacts).toEqual([]);
      expect(record.artifacts_skipped).toEqual([{ pattern: 'out/*', reason: 'collection stopped: the job was cancelled; 2 matched files not collected' }]);
      expect(await filesUnder(store.artifactsDir(job_id))).toEqual([]);
      expect(record.cleanup).toEqual({ container_removed: true, error: null });
      await expect(dockerCli(['inspect', record.container_id!])).rejects.toThrow();
    } finally {
      observed.state.hold = false;
    }
  });

  it("ends a job whose artifact collection outlasts its time limit as timed_out, and the record says why", async () => {
    const engine = newEngine();
    observed.state.hold = true;
    const reached = observed.collecting();
    try {
      const { job_id } = await engine.submit(parse({ commands: ['mkdir -p out && echo a > out/a'], artifacts: ['out/*'], timeout: 10 }));
      await reached;
      const record = await engine.wait(job_id, { timeoutMs: 60_000 });
      expect(record.status).toBe('timed_out');
      expect(record.error?.code).toBe('JOB_TIMEOUT');
      expect(record.artifacts_skipped).toEqual([{ pattern: 'out/*', reason: "collection stopped: the job's time limit passed; 1 matched file not collected" }]);
    } finally {
      observed.state.hold = false;
    }
  });

  it('cancels a queued job without waiting for a free slot', async () => {
    const engine = newEngine(1);
    const busy = await engine.submit(parse({ commands: ['sleep 60'] }));
    const queued = await engine.submit(parse({ commands: ['echo never'] }));
    const record = await engine.cancel(queued.job_id);
    expect(record.status).toBe('cancelled');
    expect((await engine.get(busy.job_id)).status).not.toMatch(/success|failed|cancelled|timed_out/);
    expect((await engine.cancel(busy.job_id)).status).toBe('cancelled');
  });

  it('finishes a collection interrupted by a crash: every artifact present once, none lost, none skipped', async () => {
    const first = newEngine();
    const done = await runJob(first, { commands: ['mkdir -p out && i=0; while [ $i -lt 300 ]; do echo "f $i" > out/f$i; i=$((i+1)); done'], artifacts: ['out/*'], keep_container: true });
    expect(done.artifacts).toHaveLength(300);
    // What a server killed while collecting leaves: a running record, part of the files, a half-written one.
    const dir = store.artifactsDir(done.job_id);
    for (let i = 100; i < 300; i++) await rm(join(dir, 'workspace', 'out', `f${i}`));
    await writeFile(join(dir, 'workspace', 'out', 'f99'), 'half');
    await mkdir(join(`${dir}.collecting`, 'workspace', 'out'), { recursive: true });
    await writeFile(join(`${dir}.collecting`, 'workspace', 'out', 'f150'), 'stale');
    await store.update(done.job_id, (record) => ({ ...record, status: 'running', finished_at: null, duration_ms: null, artifacts: [], artifacts_skipped: [], error: null }));
    const second = newEngine();
    await second.recover();
    const record = await second.wait(done.job_id, { timeoutMs: 60_000 });
    expect(record.status).toBe('success');
    expect(record.artifacts_skipped).toEqual([]);
    expect(record.artifacts.map((artifact) => artifact.path).sort()).toEqual(done.artifacts.map((artifact) => artifact.path).sort());
    expect(record.artifacts).toEqual(done.artifacts);
    expect(await filesUnder(dir)).toHaveLength(300);
    expect(await readFile(join(dir, 'workspace', 'out', 'f99'), 'utf8')).toBe('f 99\n');
  });

  it("refuses inputs aimed at the runner's files, so the record's steps are what ran", async () => {
    const engine = newEngine();
    await expect(
      engine.submit(parse({ commands: ['echo real-step-0'], inputs: { files: [{ path: '/.orcaops/steps/0.sh', content: 'echo replaced' }] } })),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(engine.submit(parse({ commands: ['echo real-step-0'], inputs: { files: [{ path: '../.orcaops/x', content: 'x' }] } }))).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    const tree = join(temp.path, 'tree');
    await mkdir(join(tree, '.orcaops', 'steps'), { recursive: true });
    await writeFile(join(tree, '.orcaops', 'steps', '0.sh'), 'echo replaced');
    const viaDirectory = await runJob(engine, { commands: ['echo real-step-0'], inputs: { directories: [{ source: tree, target: '/' }] } });
    expect(viaDirectory.status).toBe('failed');
    expect(viaDirectory.error?.code).toBe('VALIDATION_ERROR');
    const honest = await runJob(engine, { commands: ['echo real-step-0'], inputs: { files: [{ path: 'steps/0.sh', content: 'echo replaced' }] } });
    expect(await readFile(store.logPath(honest.job_id, 'stdout'), 'utf8')).toBe('real-step-0\n');
  });
});
