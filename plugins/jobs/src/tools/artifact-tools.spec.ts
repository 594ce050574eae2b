import { beforeEach, describe, expect, it } from '@jest/globals';
import { REPLY_HEADROOM_BYTES, replyWireBytes, type AnyToolDefinition } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type ArtifactRecord, type RunRecord } from '@orcaops/contracts';
import { FakeDockerService, callToolData, callToolError, memoryRunRecords, silentLogger, toolNamed, walkPages, MemorySecrets } from '@orcaops/testing';
import { JobEngine } from '../engine/job-engine.js';
import { createArtifactTools } from './artifact-tools.js';
import { DEFAULT_JOB_SECURITY } from '../jobs-options.js';

const JOB = 'job-many-artifacts';

/** A finished job that collected `count` files under two directories, as the collector records them. */
function recordWith(count: number): RunRecord {
  const artifacts: ArtifactRecord[] = Array.from({ length: count }, (_, n) => ({
    path: `workspace/${n % 3 === 0 ? 'coverage' : 'out'}/deeply/nested/directory/file-${String(n).padStart(5, '0')}.txt`,
    size: n * 7,
    sha256: n.toString(16).padStart(64, '0'),
    source: 'out/**',
  }));
  return {
    ...queuedRunRecord(JOB, JobSpecSchema.parse({ image: 'fake/busybox:1', commands: ['true'] }), new Date('2026-11-24T12:00:00Z')),
    status: 'success',
    artifacts,
    artifacts_skipped: [
      { pattern: 'missing/*', reason: 'no match' },
      { pattern: 'big/*', reason: 'more than 1000 files matched; the rest were not collected (jobs plugin option max_artifacts)' },
    ],
  };
}

describe('orcaops_list_artifacts paging', () => {
  let records: ReturnType<typeof memoryRunRecords>;
  let tool: AnyToolDefinition;

  /** Lists as OrcaOps calls the tool; the tool fits every page itself, so no reply is cut for it. */
  async function list(args: Record<string, unknown>, replyLimit?: number): Promise<Record<string, any>> {
    const page = await callToolData(tool, { job_id: JOB, ...args }, { replyLimit });
    expect(page['reply_truncated']).toBeUndefined();
    return page;
  }

  beforeEach(() => {
    records = memoryRunRecords();
    const engine = new JobEngine(
      {
        docker: new FakeDockerService(),
        store: records.store,
        log: silentLogger,
        now: () => new Date(),
        artifactLimits: { maxFileBytes: 1024, maxTotalBytes: 4096, maxCount: 10 },
        inputPolicy: { allowedRoots: [], maxBytes: 1024 },
        security: DEFAULT_JOB_SECURITY,
        secrets: new MemorySecrets(),
      },
      { concurrency: 1, maxQueued: 1 },
    );
    tool = toolNamed(createArtifactTools(engine, records.store), 'orcaops_list_artifacts');
  });

  it('pages 2,000 artifacts within the reply budget: every file once, in order, skipped whole on every page', async () => {
    const record = recordWith(2000);
    await records.create(record);
    const walked = await walkPages<ArtifactRecord>((offset) => list({ offset, limit: 1000 }), { list: 'artifacts', limitBytes: 65_536 });
    expect(walked.items).toEqual(record.artifacts);
    // The budget, not limit, ended the pages: each holds fewer than 1000 files.
    expect(walked.pages.length).toBeGreaterThan(2);
    for (const page of walked.pages) {
      expect((page['artifacts'] as unknown[]).length).toBeLessThan(1000);
      expect(page).toMatchObject({ total: 2000, skipped: record.artifacts_skipped, status: 'success' });
    }
  });

  it('fills a page as far as the budget goes: one more file would not fit', async () => {
    await records.create(recordWith(2000));
    const page = await list({ offset: 10, limit: 1000 }, 16_384);
    const fitted = page['artifacts'].length;
    expect(page['next_offset']).toBe(10 + fitted);
    expect(replyWireBytes(page)).toBeLessThanOrEqual(16_384 - REPLY_HEADROOM_BYTES);
    const oneMore = { ...page, artifacts: recordWith(2000).artifacts.slice(10, 10 + fitted + 1), next_offset: 10 + fitted + 1 };
    expect(replyWireBytes(oneMore)).toBeGreaterThan(16_384 - REPLY_HEADROOM_BYTES);
  });

  it('ends a page at limit (default 200) when the budget allows, and says the total', async () => {
    await records.create(recordWith(450));
    const first = await list({}, 1024 * 1024);
    expect(first).toMatchObject({ total: 450, next_offset: 200 });
    expect(first['artifacts']).toHaveLength(200);
    expect(await list({ offset: 400 })).toMatchObject({ total: 450, next_offset: null, artifacts: expect.any(Array) });
    expect((await list({ offset: 400 }))['artifacts']).toHaveLength(50);
    expect(await list({ offset: 9999 })).toMatchObject({ total: 450, next_offset: null, artifacts: [] });
    expect(await callToolError(tool, { job_id: JOB, limit: 1001 })).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('limit') });
  });

  it('filters by path_prefix: total and pages count only the matching files', async () => {
    const record = recordWith(1500);
    await records.create(record);
    const coverage = record.artifacts.filter((artifact) => artifact.path.startsWith('workspace/coverage/'));
    const walked = await walkPages<ArtifactRecord>((offset) => list({ offset, limit: 1000, path_prefix: '/workspace/coverage/' }), { list: 'artifacts', limitBytes: 65_536 });
    expect(walked.items).toEqual(coverage);
    expect(walked.pages[0]).toMatchObject({ total: coverage.length });
  });
});
