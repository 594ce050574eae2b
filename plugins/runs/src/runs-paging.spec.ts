import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replyWireBytes, type AnyToolDefinition } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type JobStatus, type RunRecord } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { callToolData, makeTempDir, walkPages } from '@orcaops/testing';
import { createRunsTools } from './runs-tools.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const MINUTE = 60_000;
const OLD = 600;
const RECENT = 300;

function record(jobId: string, status: JobStatus, createdMs: number): RunRecord {
  const created = new Date(createdMs);
  const finished = status === 'running' ? null : created.toISOString();
  return {
    ...queuedRunRecord(jobId, JobSpecSchema.parse({ image: `registry.example.com/team/service-${jobId.length % 7}:1.0.${createdMs % 97}`, commands: ['true'] }), created),
    status,
    started_at: created.toISOString(),
    finished_at: finished,
    duration_ms: finished ? 1000 : null,
    error: status === 'failed' ? { code: 'INTERNAL', message: 'x', suggestion: 'y' } : null,
    cleanup: { container_removed: true, error: null },
  };
}

/** A history of RECENT runs in the last days and OLD finished runs two months back. */
async function fill(store: FileRunStore): Promise<{ recent: string[]; old: string[] }> {
  const recent = Array.from({ length: RECENT }, (_, n) => `recent-${String(n).padStart(4, '0')}`);
  const old = Array.from({ length: OLD }, (_, n) => `old-${String(n).padStart(4, '0')}`);
  const statuses: JobStatus[] = ['success', 'failed', 'running', 'success'];
  await Promise.all(recent.map((id, n) => store.create(record(id, statuses[n % 4]!, NOW.getTime() - (RECENT - n) * MINUTE))));
  await Promise.all(old.map((id, n) => store.create(record(id, n % 2 ? 'success' : 'failed', NOW.getTime() - 60 * 86_400_000 + n * MINUTE))));
  // Newest first: the highest numbers first within each group, recent before old.
  return { recent: [...recent].reverse(), old: [...old].reverse() };
}

describe('runs tools within the reply budget', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: FileRunStore;
  let tools: Map<string, AnyToolDefinition>;
  let ids: { recent: string[]; old: string[] };

  /** Calls a tool as OrcaOps does; every reply here is one the tool fitted itself, with no generic cut. */
  async function call(name: string, args: Record<string, unknown>, replyLimit?: number): Promise<Record<string, any>> {
    const data = await callToolData(tools.get(name)!, args, { replyLimit });
    expect(data['reply_truncated']).toBeUndefined();
    return data;
  }
  const jobIds = (runs: ReadonlyArray<{ job_id: string }>) => runs.map((run) => run.job_id);

  beforeAll(async () => {
    temp = await makeTempDir();
    store = new FileRunStore({ home: temp.path });
    tools = new Map(createRunsTools(store, () => NOW).map((tool) => [tool.name, tool]));
    ids = await fill(store);
  });
  afterAll(() => temp.remove());

  it('orcaops_list_runs pages 900 runs at limit 500 in budget-sized pages: every run once, newest first, with total', async () => {
    const walked = await walkPages<{ job_id: string }>((offset) => call('orcaops_list_runs', { offset, limit: 500 }), { list: 'runs', limitBytes: 65_536 });
    expect(jobIds(walked.items)).toEqual([...ids.recent, ...ids.old]);
    expect(walked.pages.length).toBeGreaterThan(Math.ceil((RECENT + OLD) / 500));
    expect(walked.pages.every((page) => page['total'] === RECENT + OLD)).toBe(true);
  });

  it('orcaops_list_runs pages a status-filtered listing exactly too, with total null', async () => {
    const walked = await walkPages<{ job_id: string; status: string }>((offset) => call('orcaops_list_runs', { status: 'failed', offset, limit: 500 }, 16_384), {
      list: 'runs',
      limitBytes: 16_384,
    });
    const failed = (await Promise.all([...ids.recent, ...ids.old].map((id) => store.get(id)))).filter((run) => run!.status === 'failed').map((run) => run!.job_id);
    expect(jobIds(walked.items)).toEqual(failed);
    expect(walked.pages.length).toBeGreaterThan(2);
    expect(walked.pages.every((page) => page['total'] === null)).toBe(true);
  });

  it('orcaops_list_runs still ends a page at limit when the budget allows', async () => {
    expect(await call('orcaops_list_runs', { limit: 10, offset: 5 })).toMatchObject({ next_offset: 15, total: RECENT + OLD });
  });

  it('orcaops_cleanup_runs over 600 old runs: counts in full, the list fitted with runs_omitted, no generic cut needed', async () => {
    const dry = await call('orcaops_cleanup_runs', { older_than_days: 30, dry_run: true });
    expect(dry).toMatchObject({ dry_run: true, matched: OLD, deleted: 0 });
    expect(dry['runs'].length).toBeGreaterThan(0);
    expect(dry['runs'].length + dry['runs_omitted']).toBe(OLD);
    expect(jobIds(dry['runs'])).toEqual(ids.old.slice(0, dry['runs'].length));
    expect(replyWireBytes({ success: true, ...dry })).toBeLessThanOrEqual(65_536);

    const real = await call('orcaops_cleanup_runs', { older_than_days: 30 });
    expect(real).toMatchObject({ dry_run: false, matched: OLD, deleted: OLD, runs_omitted: OLD - real['runs'].length });
    expect(real['runs_omitted']).toBeGreaterThan(0);
    expect(replyWireBytes({ success: true, ...real })).toBeLessThanOrEqual(65_536);
    expect((await call('orcaops_list_runs', { limit: 1 }))['total']).toBe(RECENT);
  });

  it('orcaops_list_runs with an unreadable record on the page: the budget boundary is where the store counts, no run shown twice', async () => {
    await writeFile(join(store.dir(ids.recent[3]!), 'record.json'), '{ not json');
    // The unreadable record keeps its offset, so a page may hold one run fewer than its offsets span.
    const seen: string[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const page = await call('orcaops_list_runs', { offset, limit: 500 }, 16_384);
      expect(replyWireBytes({ success: true, ...page })).toBeLessThanOrEqual(16_384);
      seen.push(...jobIds(page['runs']));
      offset = page['next_offset'];
    }
    expect(seen).toEqual(ids.recent.filter((_, n) => n !== 3));
  });
});
