import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { access } from 'node:fs/promises';
import { type AnyToolDefinition } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type JobStatus, type RunRecord } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { callToolData, callToolError, makeTempDir } from '@orcaops/testing';
import { createRunsTools } from './runs-tools.js';

const NOW = new Date('2026-11-24T12:00:00Z');

function record(jobId: string, status: JobStatus, daysAgo: number, image = 'alpine:3.20'): RunRecord {
  const created = new Date(NOW.getTime() - daysAgo * 86_400_000);
  const finished = status === 'running' ? null : created.toISOString();
  return {
    ...queuedRunRecord(jobId, JobSpecSchema.parse({ image, commands: ['true'] }), created),
    status,
    started_at: created.toISOString(),
    finished_at: finished,
    duration_ms: finished ? 1000 : null,
    error: status === 'failed' ? { code: 'INTERNAL', message: 'x', suggestion: 'y' } : null,
    cleanup: { container_removed: true, error: null },
  };
}

describe('runs tools', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: FileRunStore;
  let tools: Map<string, AnyToolDefinition>;

  const call = (name: string, args: Record<string, unknown>) => callToolData(tools.get(name)!, args);
  const failure = (name: string, args: Record<string, unknown>) => callToolError(tools.get(name)!, args);

  beforeEach(async () => {
    temp = await makeTempDir();
    store = new FileRunStore({ home: temp.path });
    tools = new Map(createRunsTools(store, () => NOW).map((tool) => [tool.name, tool]));
    await store.create(record('old-ok', 'success', 40));
    await store.create(record('old-running', 'running', 40));
    await store.create(record('old-failed', 'failed', 35, 'node:22'));
    await store.create(record('new-ok', 'success', 1));
  });
  afterEach(() => temp.remove());

  it('lists newest first with status, image and time filters', async () => {
    expect((await call('orcaops_list_runs', {}))['runs'].map((r: RunRecord) => r.job_id)).toEqual(['new-ok', 'old-failed', 'old-running', 'old-ok']);
    expect((await call('orcaops_list_runs', { status: 'failed' }))['runs']).toEqual([expect.objectContaining({ job_id: 'old-failed', error_code: 'INTERNAL' })]);
    expect((await call('orcaops_list_runs', { image: 'node*' }))['runs'].map((r: RunRecord) => r.job_id)).toEqual(['old-failed']);
    const recent = await call('orcaops_list_runs', { since: new Date(NOW.getTime() - 2 * 86_400_000).toISOString() });
    expect(recent['runs'].map((r: RunRecord) => r.job_id)).toEqual(['new-ok']);
    expect(await call('orcaops_list_runs', { limit: 2 })).toMatchObject({ next_offset: 2 });
  });

  it('gets one run and reports RUN_NOT_FOUND for an unknown id', async () => {
    expect((await call('orcaops_get_run', { job_id: 'new-ok' }))['run']).toMatchObject({ job_id: 'new-ok', status: 'success' });
    expect(await failure('orcaops_get_run', { job_id: 'nope' })).toMatchObject({ code: 'RUN_NOT_FOUND', suggestion: expect.stringContaining('orcaops_list_runs') });
  });

  it('deletes a finished run and refuses a running one', async () => {
    expect(await failure('orcaops_delete_run', { job_id: 'old-running' })).toMatchObject({ code: 'CONFLICT', suggestion: expect.stringContaining('orcaops_cancel_job') });
    expect(await call('orcaops_delete_run', { job_id: 'old-ok' })).toEqual({ job_id: 'old-ok', deleted: true });
    await expect(access(store.dir('old-ok'))).rejects.toThrow();
  });

  it('cleans up finished runs older than the cutoff, with a dry run first', async () => {
    const dry = await call('orcaops_cleanup_runs', { older_than_days: 30, dry_run: true });
    expect(dry['runs'].map((r: RunRecord) => r.job_id).sort()).toEqual(['old-failed', 'old-ok']);
    expect(dry['deleted']).toBe(0);
    expect(await store.get('old-ok')).not.toBeNull();
    const real = await call('orcaops_cleanup_runs', { older_than_days: 30 });
    expect(real['deleted']).toBe(2);
    expect((await call('orcaops_list_runs', {}))['runs'].map((r: RunRecord) => r.job_id)).toEqual(['new-ok', 'old-running']);
  });
});
