import { describe, expect, it } from '@jest/globals';
import { LABELS, OrcaError, replyWireBytes } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord } from '@orcaops/contracts';
import { FakeDockerService, callToolData, memoryRunRecords } from '@orcaops/testing';
import { createCleanupContainersTool } from './cleanup-containers.tool.js';

const COUNT = 5000;
const LIMIT = 65_536;

/** 5,000 stopped OrcaOps containers; every 50th belongs to a job still collecting its artifacts. */
async function bigSweep() {
  const docker = new FakeDockerService();
  const runs = memoryRunRecords();
  for (let n = 0; n < COUNT; n++) {
    const live = n % 50 === 7;
    const jobId = `job-${n}`;
    docker.add({ id: n.toString(16).padStart(64, '0'), name: `orcaops-job-with-a-long-name-${n}`, managed: true, state: 'exited', labels: { [LABELS.job]: jobId } });
    const record = queuedRunRecord(jobId, JobSpecSchema.parse({ image: 'fake/busybox:1', commands: ['true'] }), new Date());
    await runs.create({ ...record, status: live ? 'running' : 'success' });
  }
  return { docker, tool: createCleanupContainersTool(docker, runs.store) };
}

/** Every list and its *_omitted add up to its count, and the tool fitted the reply to its limit itself. */
function expectAccounted(result: Record<string, any>) {
  expect(result['reply_truncated']).toBeUndefined();
  expect(replyWireBytes({ success: true, ...result })).toBeLessThanOrEqual(LIMIT);
  expect(result['containers'].length + result['containers_omitted']).toBe(result['counts'].matched);
  expect(result['removed'].length + result['removed_omitted']).toBe(result['counts'].removed);
  expect(result['skipped'].length + result['skipped_omitted']).toBe(result['counts'].skipped);
  expect(result['failed'].length + result['failed_omitted']).toBe(result['counts'].failed);
}

describe('orcaops_cleanup_containers over 5,000 containers', () => {
  it('dry run: full counts, the matched list fitted to the budget with containers_omitted', async () => {
    const { docker, tool } = await bigSweep();
    const result = await callToolData(tool, { dry_run: true });
    expectAccounted(result);
    expect(result.counts).toEqual({ matched: COUNT, removed: 0, skipped: COUNT / 50, failed: 0 });
    expect(result.skipped_omitted).toBe(0);
    expect(result.containers.length).toBeGreaterThan(50);
    expect(result.containers_omitted).toBeGreaterThan(0);
    expect(result.containers.map((c: { id: string }) => c.id)).toEqual([...docker.containers.keys()].slice(0, result.containers.length));
  });

  it('real run: removes them all, failures listed first, removed ids fitted with removed_omitted', async () => {
    const { docker, tool } = await bigSweep();
    const original = docker.removeContainer.bind(docker);
    docker.removeContainer = async (id, options) => {
      if (parseInt(id, 16) % 100 === 3) throw new OrcaError('CONFLICT', `removal of container ${id} is already in progress on the engine`);
      return original(id, options);
    };
    const result = await callToolData(tool, { dry_run: false });
    expectAccounted(result);
    expect(result.counts).toEqual({ matched: COUNT, removed: COUNT - COUNT / 50 - COUNT / 100, skipped: COUNT / 50, failed: COUNT / 100 });
    expect(docker.containers.size).toBe(COUNT / 50 + COUNT / 100);
    expect(result.failed_omitted).toBe(0);
    expect(result.skipped_omitted).toBe(0);
    expect(result.removed.length).toBeGreaterThan(0);
    expect(result.removed_omitted).toBeGreaterThan(0);
  });

  it('a small sweep is listed whole, nothing omitted', async () => {
    const docker = new FakeDockerService();
    docker.add({ id: 'a', managed: true, state: 'exited' });
    docker.add({ id: 'b', managed: true, state: 'dead' });
    const tool = createCleanupContainersTool(docker);
    const result = await callToolData(tool, { dry_run: false });
    expect(result).toMatchObject({ removed: ['a', 'b'], counts: { matched: 2, removed: 2, skipped: 0, failed: 0 }, containers_omitted: 0, removed_omitted: 0 });
  });
});
