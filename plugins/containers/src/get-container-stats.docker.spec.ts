import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerodeService } from '@orcaops/docker';
import { ContainerStatsOutput } from '@orcaops/contracts';
import { DockerTestScope, callToolData, dockerCli, requireDocker, silentLogger } from '@orcaops/testing';
import { createGetContainerStatsTool } from './get-container-stats.tool.js';

describe('orcaops_get_container_stats against the real engine', () => {
  const scope = new DockerTestScope();
  const tool = createGetContainerStatsTool(new DockerodeService({ env: process.env }, silentLogger));
  let busy: string;
  let gone: string;

  beforeAll(async () => {
    await requireDocker();
    // A shell loop that never sleeps keeps one CPU busy, so the engine's one-second sample cannot read 0 %.
    busy = await scope.createContainer({ command: ['sh', '-c', 'while :; do :; done'] });
    gone = await scope.createContainer({ command: ['sh', '-c', 'sleep 300'] });
  });
  afterAll(() => scope.cleanup());

  it('reads a busy container: CPU above 0, memory, a limit and a process, in the contract shape', async () => {
    const page = await callToolData(tool, { containers: [busy] });
    expect(ContainerStatsOutput.parse(page)).toEqual(page);
    expect(page['containers']).toHaveLength(1);
    const row = page['containers'][0];
    expect(row).toMatchObject({ id: busy.slice(0, 12), name: expect.any(String) });
    expect(row.cpu_percent).toBeGreaterThan(0);
    expect(row.memory_bytes).toBeGreaterThan(0);
    expect(row.memory_limit_bytes).toBeGreaterThan(row.memory_bytes);
    expect(row.pids).toBeGreaterThanOrEqual(1);
  });

  it('finds it among all running containers when none are named (paging on with offset)', async () => {
    const ids: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: Record<string, any> = await callToolData(tool, { offset });
      ids.push(...page['containers'].map((row: { id: string }) => row.id));
      offset = page['next_offset'];
    }
    expect(ids).toContain(busy.slice(0, 12));
  });

  it('leaves out a container that no longer exists instead of failing', async () => {
    await dockerCli(['rm', '-f', gone]);
    const page = await callToolData(tool, { containers: [busy.slice(0, 12), gone] });
    expect(page['containers'].map((row: { id: string }) => row.id)).toEqual([busy.slice(0, 12)]);
  });
});
