import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ComposeCli, DockerodeService } from '@orcaops/docker';
import { LABELS, type HostInfo } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord } from '@orcaops/contracts';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, callToolData, memoryRunRecords, requireDocker, silentLogger, toolNamed } from '@orcaops/testing';
import { createSystemTools } from './system-tools.js';

const host: HostInfo = { version: '0.0.0-test', home: '/tmp', configFile: null, logLevel: 'info', plugins: () => ({ loaded: [], failed: [] }) };

describe('orcaops_cleanup_containers and live jobs, against the real engine', () => {
  const scope = new DockerTestScope();
  const store = memoryRunRecords();
  beforeAll(requireDocker);
  afterAll(() => scope.cleanup());

  it('keeps the stopped container of a job that has not ended (e.g. collecting its artifacts) and removes it once the job ended', async () => {
    const jobId = `job-live-${scope.runId.slice(0, 8)}`;
    const spec = JobSpecSchema.parse({ image: TEST_IMAGE, commands: ['true'], job_id: jobId });
    // What a job looks like while it collects: its commands are over, its container exited, its record still running.
    const container = await scope.createContainer({ labels: { [LABELS.managed]: 'true', [LABELS.job]: jobId }, command: ['true'] });
    const finishedJob = await scope.createContainer({ labels: { [LABELS.managed]: 'true', [LABELS.job]: `${jobId}-done` }, start: false });
    const now = new Date();
    await store.create({ ...queuedRunRecord(jobId, spec, now), status: 'running', started_at: now.toISOString(), container_id: container });
    await store.create({ ...queuedRunRecord(`${jobId}-done`, { ...spec, job_id: `${jobId}-done` }, now), status: 'success' });
    const tool = toolNamed(createSystemTools({ docker: new DockerodeService({ env: process.env }, silentLogger), compose: new ComposeCli(), host, runs: store.store }), 'orcaops_cleanup_containers');
    const sweep = async (args: Record<string, unknown>) =>
      (await callToolData(tool, { labels: { [TEST_RUN_LABEL]: scope.runId }, ...args })) as { removed: string[]; skipped: Array<{ id: string; job_id: string; status: string }> };

    const dryRun = await sweep({ dry_run: true });
    expect(dryRun.skipped).toEqual([{ id: container, job_id: jobId, status: 'running' }]);
    const first = await sweep({});
    expect(first.removed).toEqual([finishedJob]);
    expect(first.skipped).toEqual([{ id: container, job_id: jobId, status: 'running' }]);
    expect(await scope.containerIds()).toEqual([container]);

    await store.update(jobId, (record) => ({ ...record, status: 'success', finished_at: new Date().toISOString() }));
    const second = await sweep({});
    expect(second.removed).toEqual([container]);
    expect(await scope.containerIds()).toEqual([]);
  });
});
