import { describe, expect, it } from '@jest/globals';
import { OrcaError, type CallOptions, type ContainerStats } from '@orcaops/plugin-api';
import { ContainerStatsOutput } from '@orcaops/contracts';
import { FakeDockerService, callToolData, callToolError } from '@orcaops/testing';
import { createGetContainerStatsTool, STATS_PAGE } from './get-container-stats.tool.js';

const id = (n: number) => n.toString(16).padStart(64, '0');

/** An engine with `count` running containers, every third one OrcaOps's, each with its own figures. */
function engineWith(count: number): FakeDockerService {
  const docker = new FakeDockerService();
  for (let n = 0; n < count; n++) {
    docker.add({ id: id(n), name: `web-${n}`, state: 'running', status: 'Up', managed: n % 3 === 0 });
    docker.stats.set(id(n), { cpuPercent: n * 1.5, memoryBytes: 1000 * (n + 1), memoryLimitBytes: 8000, pids: n + 1, networkRxBytes: n, networkTxBytes: 2 * n });
  }
  docker.add({ id: id(9999), name: 'stopped', state: 'exited' });
  return docker;
}

const stats = (docker: FakeDockerService, args: Record<string, unknown> = {}, replyLimit?: number) => callToolData(createGetContainerStatsTool(docker), args, { replyLimit });

describe('orcaops_get_container_stats', () => {
  it('reads every running container (not stopped ones), with its figures and the memory share, in the contract shape', async () => {
    const page = await stats(engineWith(3));
    expect(ContainerStatsOutput.parse(page)).toEqual(page);
    expect(page).toMatchObject({ total: 3, truncated: false, next_offset: null });
    expect(page['containers'][1]).toEqual({
      id: id(1).slice(0, 12),
      name: 'web-1',
      cpu_percent: 1.5,
      memory_bytes: 2000,
      memory_limit_bytes: 8000,
      memory_percent: 25,
      pids: 2,
      network_rx_bytes: 1,
      network_tx_bytes: 2,
    });
    expect(page['containers'].map((row: { name: string }) => row.name)).not.toContain('stopped');
  });

  it('reads only OrcaOps containers with managed_only', async () => {
    const page = await stats(engineWith(7), { managed_only: true });
    expect(page['containers'].map((row: { name: string }) => row.name)).toEqual(['web-0', 'web-3', 'web-6']);
  });

  it('reads the named containers (id, short id or name), once each, and leaves out ones that do not exist', async () => {
    const docker = engineWith(3);
    const page = await stats(docker, { containers: ['web-2', '/web-2', 'nope', 'stopped'] });
    expect(page['containers'].map((row: { name: string }) => row.name)).toEqual(['web-2', 'stopped']);
    expect(page['containers'][1]).toMatchObject({ cpu_percent: 0, memory_bytes: 0, memory_percent: 0 });
    expect(page).toMatchObject({ total: 3 });
  });

  it('skips a container that vanishes between the list and its reading', async () => {
    const docker = engineWith(3);
    const read = docker.containerStats.bind(docker);
    docker.containerStats = async (ref: string, options?: CallOptions): Promise<ContainerStats> => {
      if (ref === id(1)) throw new OrcaError('CONTAINER_NOT_FOUND', 'gone');
      return read(ref, options);
    };
    const page = await stats(docker);
    expect(page['containers'].map((row: { name: string }) => row.name)).toEqual(['web-0', 'web-2']);
    expect(page).toMatchObject({ total: 3, next_offset: null });
  });

  it('reads at most 50 per call and pages on with offset, each container once', async () => {
    const docker = engineWith(120);
    const seen: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: Record<string, any> = await stats(docker, { offset });
      expect(page['containers'].length).toBeLessThanOrEqual(STATS_PAGE);
      seen.push(...page['containers'].map((row: { name: string }) => row.name));
      offset = page['next_offset'];
    }
    expect(seen).toEqual(Array.from({ length: 120 }, (_, n) => `web-${n}`));
  });

  it('cuts a page to a small reply budget and resumes where it was cut', async () => {
    const docker = engineWith(40);
    const seen: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page: Record<string, any> = await stats(docker, { offset }, 4096);
      expect(page['reply_truncated']).toBeUndefined();
      seen.push(...page['containers'].map((row: { name: string }) => row.name));
      offset = page['next_offset'];
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, n) => `web-${n}`));
  });

  it('fails as the engine does when it is down, and refuses more than 50 names', async () => {
    const docker = engineWith(1);
    docker.failure = new OrcaError('DOCKER_UNAVAILABLE', 'down');
    await expect(callToolError(createGetContainerStatsTool(docker), {})).resolves.toMatchObject({ code: 'DOCKER_UNAVAILABLE' });
    const many = Array.from({ length: 51 }, (_, n) => `c${n}`);
    await expect(callToolError(createGetContainerStatsTool(engineWith(1)), { containers: many })).resolves.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
