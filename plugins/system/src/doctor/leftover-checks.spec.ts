import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LABELS, OrcaError } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type JobStatus, type RunStore } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { FakeDockerService, makeTempDir } from '@orcaops/testing';
import { imagesFinding, LOCAL_TEST_IMAGE } from './image-check.js';
import { orphanedContainersFinding, stuckRunsFinding } from './leftover-checks.js';
import type { EngineOutcome } from './doctor-inputs.js';

const signal = new AbortController().signal;
const deadLease = JSON.stringify({ pid: 999_999_999, hostname: hostname(), started_at: new Date(0).toISOString(), acquired_at: new Date(0).toISOString(), token: 'x' });

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let runs: FileRunStore;
beforeEach(async () => {
  dir = await makeTempDir('orcaops-doctor-runs-');
  runs = new FileRunStore({ home: dir.path });
});
afterEach(() => dir.remove());

async function addRun(jobId: string, status: JobStatus, spec: Record<string, unknown> = {}) {
  const record = queuedRunRecord(jobId, JobSpecSchema.parse({ image: 'busybox', commands: ['true'], ...spec }), new Date());
  await runs.create({ ...record, status });
}
async function answered(docker: FakeDockerService): Promise<EngineOutcome> {
  return { ok: true, info: await docker.info() };
}
const down: EngineOutcome = { ok: false, error: new OrcaError('DOCKER_UNAVAILABLE', 'down') };
const jobContainer = (docker: FakeDockerService, id: string, jobId: string, state = 'exited') =>
  docker.add({ id, managed: true, state, labels: { [LABELS.plugin]: 'jobs', [LABELS.job]: jobId } });

describe('containers.orphaned', () => {
  it('reports job containers whose run is missing or over, and keeps those still needed or kept on purpose', async () => {
    const docker = new FakeDockerService();
    await addRun('live', 'running');
    await addRun('done', 'success');
    await addRun('kept', 'failed', { keep_container: true });
    jobContainer(docker, 'c-live', 'live', 'running');
    jobContainer(docker, 'c-done', 'done');
    jobContainer(docker, 'c-kept', 'kept');
    jobContainer(docker, 'c-gone', 'never-recorded', 'running');
    docker.add({ id: 'c-sandbox', managed: true, labels: { [LABELS.sandbox]: 's' } });
    const finding = await orphanedContainersFinding({ docker, runs, engine: await answered(docker), signal });
    expect(finding).toMatchObject({ id: 'containers.orphaned', status: 'warn', title: '2 orphaned job containers' });
    expect(finding.detail).toContain('c-done (job done: run success, exited)');
    expect(finding.detail).toContain('c-gone (job never-recorded: no run record, running)');
    expect(finding.detail).not.toMatch(/c-live|c-kept|c-sandbox/);
    expect(finding.fix).toContain('orcaops_cleanup_containers');
    expect(finding.fix).toContain('docker rm -f c-gone');
  });

  it('is ok when every job container has a live run', async () => {
    const docker = new FakeDockerService();
    await addRun('live', 'queued');
    jobContainer(docker, 'c-live', 'live', 'created');
    expect(await orphanedContainersFinding({ docker, runs, engine: await answered(docker), signal })).toMatchObject({ status: 'ok', detail: expect.stringContaining('1 job container') });
  });

  it('caps how many it names', async () => {
    const docker = new FakeDockerService();
    for (let n = 0; n < 50; n++) jobContainer(docker, `c${n}`, `gone-${n}`);
    const finding = await orphanedContainersFinding({ docker, runs, engine: await answered(docker), signal });
    expect(finding.title).toBe('50 orphaned job containers');
    expect(finding.detail).toContain('and 47 more');
  });

  it('says it did not run when the engine is down or there is no run store', async () => {
    const docker = new FakeDockerService();
    expect(await orphanedContainersFinding({ docker, runs, engine: down, signal })).toMatchObject({ status: 'warn', title: 'Orphaned job containers: not checked', fix: expect.stringContaining('docker.engine') });
    expect((await orphanedContainersFinding({ docker, runs: undefined, engine: await answered(docker), signal })).title).toMatch(/not checked$/);
  });
});

describe('runs.stuck', () => {
  it('reports live runs nobody supervises: no lease, or a dead holder\'s', async () => {
    await addRun('unleased', 'running');
    await addRun('dead-holder', 'queued');
    await writeFile(join(runs.dir('dead-holder'), 'lease.json'), deadLease);
    await addRun('supervised', 'running');
    const lease = await runs.acquireLease('supervised');
    await addRun('over', 'success');
    try {
      const finding = await stuckRunsFinding({ runs });
      expect(finding).toMatchObject({ id: 'runs.stuck', status: 'warn', title: '2 runs stuck in running' });
      expect(finding.detail).toMatch(/dead-holder \(queued since /);
      expect(finding.detail).toMatch(/unleased \(running since /);
      expect(finding.detail).not.toMatch(/supervised|over/);
      expect(finding.fix).toContain('orcaops-mcp');
    } finally {
      await lease!.release();
    }
  });

  it('is ok when every live run has a live supervisor', async () => {
    await addRun('supervised', 'running');
    const lease = await runs.acquireLease('supervised');
    expect(await stuckRunsFinding({ runs })).toMatchObject({ status: 'ok', detail: '1 queued or running run, each supervised by a live process.' });
    await lease!.release();
    expect((await stuckRunsFinding({ runs })).status).toBe('warn');
  });

  it('says it did not run without a run store', async () => {
    expect((await stuckRunsFinding({ runs: undefined as RunStore | undefined })).title).toBe('Runs stuck in running: not checked');
  });
});

describe('images', () => {
  it('is ok with local images, saying whether the offline test image is there', async () => {
    const docker = new FakeDockerService();
    docker.addImage('node:22');
    expect(await imagesFinding({ docker, engine: await answered(docker), signal })).toMatchObject({ status: 'ok', detail: expect.stringContaining(`${LOCAL_TEST_IMAGE} is not there`) });
    docker.addImage(LOCAL_TEST_IMAGE);
    expect((await imagesFinding({ docker, engine: await answered(docker), signal })).detail).toMatch(/^2 images on the engine; .* jobs can run offline/);
  });

  it('warns, never fails, without local images, and does not look when the engine is down', async () => {
    const docker = new FakeDockerService();
    expect(await imagesFinding({ docker, engine: await answered(docker), signal })).toMatchObject({ status: 'warn', fix: expect.stringContaining('npm run test-engine') });
    expect((await imagesFinding({ docker, engine: down, signal })).title).toBe('Local images: not checked');
  });
});
