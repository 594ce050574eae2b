import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ComposeCli, DockerodeService } from '@orcaops/docker';
import { LABELS, type DockerService, type HostInfo } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { DockerTestScope, TEST_RUN_LABEL, callToolData, makeTempDir, requireDocker, silentLogger } from '@orcaops/testing';
import { createSystemInfoTool } from '../system-info.tool.js';

type Finding = { id: string; status: string; title: string; detail: string; fix: string | null };

describe('orcaops_system_info findings against the real engine', () => {
  const scope = new DockerTestScope();
  let home: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    await requireDocker();
    home = await makeTempDir('orcaops-doctor-home-');
  });
  afterAll(async () => {
    await scope.cleanup();
    await home?.remove();
  });

  it('reports a labelled job container with no run record, and a run stuck in running with no supervisor', async () => {
    const runs = new FileRunStore({ home: home.path });
    const orphan = await scope.createContainer({ labels: { [LABELS.managed]: 'true', [LABELS.plugin]: 'jobs', [LABELS.job]: 'doctor-orphan' }, start: false });
    const spec = JobSpecSchema.parse({ image: 'orcaops-test/busybox:latest', commands: ['sleep 60'] });
    await runs.create({ ...queuedRunRecord('doctor-stuck', spec, new Date()), status: 'running', started_at: new Date().toISOString() });

    const real = new DockerodeService({ env: process.env }, silentLogger);
    // The engine is shared with other test runs: this scope's containers are the only ones this test may judge.
    const docker: DockerService = Object.assign(Object.create(real) as DockerService, {
      listContainers: (query: Parameters<DockerService['listContainers']>[0] = {}, options?: Parameters<DockerService['listContainers']>[1]) =>
        real.listContainers({ ...query, labels: { ...query.labels, [TEST_RUN_LABEL]: scope.runId } }, options),
    });
    const host: HostInfo = { version: '0.0.0-test', home: home.path, configFile: null, logLevel: 'info', plugins: () => ({ loaded: [], failed: [] }) };
    const result = await callToolData(createSystemInfoTool({ docker, compose: new ComposeCli(), host, runs }), {});
    const byId = Object.fromEntries((result.findings as Finding[]).map((finding) => [finding.id, finding]));

    expect(byId['docker.engine']!.status).toBe('ok');
    expect(byId['containers.orphaned']).toMatchObject({ status: 'warn', title: '1 orphaned job container', detail: expect.stringContaining(`${orphan.slice(0, 12)} (job doctor-orphan: no run record, created)`) });
    expect(byId['runs.stuck']).toMatchObject({ status: 'warn', title: '1 run stuck in running', detail: expect.stringContaining('doctor-stuck (running since') });
    expect(byId['images']!.status).toBe('ok');

    // Once a live process holds its lease, the run is supervised, not stuck.
    const lease = await runs.acquireLease('doctor-stuck');
    try {
      const again = await callToolData(createSystemInfoTool({ docker, compose: new ComposeCli(), host, runs }), {});
      expect((again.findings as Finding[]).find((finding) => finding.id === 'runs.stuck')!.status).toBe('ok');
    } finally {
      await lease!.release();
      await real.close();
    }
  });
});
