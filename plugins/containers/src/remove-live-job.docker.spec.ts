import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerodeService } from '@orcaops/docker';
import { JobSpecSchema, LABELS, queuedRunRecord, type RunRecord, type RunStore } from '@orcaops/plugin-api';
import { DockerTestScope, TEST_IMAGE, requireDocker, silentLogger, testToolContext } from '@orcaops/testing';
import { createContainerTools } from './containers-tools.provider.js';

/** The run store as the tools use it (records by job id); the run store's own tests cover the files behind it. */
function recordStore() {
  const records = new Map<string, RunRecord>();
  const store = { get: async (jobId: string) => records.get(jobId) ?? null } as unknown as RunStore;
  return {
    store,
    create: async (record: RunRecord) => void records.set(record.job_id, record),
    update: async (jobId: string, change: (record: RunRecord) => RunRecord) => void records.set(jobId, change(records.get(jobId)!)),
  };
}

describe('orcaops_remove_container and live jobs, against the real engine', () => {
  const scope = new DockerTestScope();
  const store = recordStore();
  beforeAll(requireDocker);
  afterAll(() => scope.cleanup());

  it("refuses a live job's container even with force, and removes it once the job ended", async () => {
    const jobId = `job-live-${scope.runId.slice(0, 8)}`;
    const container = await scope.createContainer({ labels: { [LABELS.managed]: 'true', [LABELS.job]: jobId }, command: ['true'] });
    const now = new Date();
    await store.create({ ...queuedRunRecord(jobId, JobSpecSchema.parse({ image: TEST_IMAGE, commands: ['true'], job_id: jobId }), now), status: 'running', container_id: container });
    const tool = createContainerTools(new DockerodeService({ env: process.env }, silentLogger), { now: () => new Date() }, store.store).find((candidate) => candidate.name === 'orcaops_remove_container')!;
    const remove = async () => tool.run(tool.input.parse({ container_id: container, force: true }), testToolContext());

    await expect(remove()).rejects.toMatchObject({ code: 'CONFLICT', details: { job_id: jobId, status: 'running' } });
    expect(await scope.containerIds()).toEqual([container]);
    await store.update(jobId, (record) => ({ ...record, status: 'cancelled' }));
    await expect(remove()).resolves.toMatchObject({ removed: true });
    expect(await scope.containerIds()).toEqual([]);
  });
});
