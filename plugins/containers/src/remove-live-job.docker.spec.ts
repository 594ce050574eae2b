import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerodeService } from '@orcaops/docker';
import { LABELS } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord } from '@orcaops/contracts';
import { DockerTestScope, TEST_IMAGE, callToolOutcome, memoryRunRecords, requireDocker, silentLogger, toolNamed } from '@orcaops/testing';
import { createContainerTools } from './containers-tools.js';

describe('orcaops_remove_container and live jobs, against the real engine', () => {
  const scope = new DockerTestScope();
  const store = memoryRunRecords();
  beforeAll(requireDocker);
  afterAll(() => scope.cleanup());

  it("refuses a live job's container even with force, and removes it once the job ended", async () => {
    const jobId = `job-live-${scope.runId.slice(0, 8)}`;
    const container = await scope.createContainer({ labels: { [LABELS.managed]: 'true', [LABELS.job]: jobId }, command: ['true'] });
    const now = new Date();
    await store.create({ ...queuedRunRecord(jobId, JobSpecSchema.parse({ image: TEST_IMAGE, commands: ['true'], job_id: jobId }), now), status: 'running', container_id: container });
    const tool = toolNamed(createContainerTools(new DockerodeService({ env: process.env }, silentLogger), { now: () => new Date() }, store.store), 'orcaops_remove_container');
    const remove = () => callToolOutcome(tool, { container_id: container, force: true });

    expect(await remove()).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { job_id: jobId, status: 'running' } } });
    expect(await scope.containerIds()).toEqual([container]);
    await store.update(jobId, (record) => ({ ...record, status: 'cancelled' }));
    expect(await remove()).toMatchObject({ ok: true, data: { removed: true } });
    expect(await scope.containerIds()).toEqual([]);
  });
});
