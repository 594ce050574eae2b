import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createReplyBudget, replyWireBytes, type AnyToolDefinition } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type RunStore } from '@orcaops/contracts';
import { FakeDockerService, callToolData, makeTempDir, memoryRunRecords, silentLogger, toolNamed, MemorySecrets } from '@orcaops/testing';
import { JobEngine } from '../engine/job-engine.js';
import { createArtifactTools } from './artifact-tools.js';
import { DEFAULT_JOB_SECURITY } from '../jobs-options.js';

const JOB = 'job-big-artifact';

describe('orcaops_get_artifact within the reply budget', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let tool: AnyToolDefinition;
  let records: ReturnType<typeof memoryRunRecords>;

  beforeEach(async () => {
    temp = await makeTempDir();
    records = memoryRunRecords();
    const store = { ...records.store, get: records.store.get, artifactsDir: () => join(temp.path, 'artifacts') } as unknown as RunStore;
    const engine = new JobEngine(
      {
        docker: new FakeDockerService(),
        store,
        log: silentLogger,
        now: () => new Date(),
        artifactLimits: { maxFileBytes: 1024, maxTotalBytes: 4096, maxCount: 10 },
        inputPolicy: { allowedRoots: [], maxBytes: 1024 },
        security: DEFAULT_JOB_SECURITY,
        secrets: new MemorySecrets(),
      },
      { concurrency: 1, maxQueued: 1 },
    );
    tool = toolNamed(createArtifactTools(engine, store), 'orcaops_get_artifact');
  });
  afterEach(() => temp.remove());

  async function withArtifact(name: string, content: Buffer): Promise<void> {
    await mkdir(join(temp.path, 'artifacts', 'workspace'), { recursive: true });
    await writeFile(join(temp.path, 'artifacts', 'workspace', name), content);
    await records.create({
      ...queuedRunRecord(JOB, JobSpecSchema.parse({ image: 'fake/busybox:1', commands: ['true'] }), new Date()),
      status: 'success',
      artifacts: [{ path: `workspace/${name}`, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), source: '*' }],
    });
  }

  /** Reads the whole artifact slice by slice as a client would, checking each reply's size on the wire. */
  async function readAll(name: string, args: Record<string, unknown>, replyLimit?: number): Promise<{ bytes: Buffer; slices: number; largest: number }> {
    const parts: Buffer[] = [];
    let largest = 0;
    for (let offset: number | null = 0, slices = 0; ; slices++) {
      const budget = createReplyBudget(replyLimit);
      const reply = await callToolData(tool, { job_id: JOB, filename: `workspace/${name}`, offset, ...args }, { reply: budget });
      largest = Math.max(largest, replyWireBytes({ success: true, ...reply }));
      expect(reply['reply_truncated']).toBeUndefined();
      expect(replyWireBytes({ success: true, ...reply })).toBeLessThanOrEqual(budget.limit);
      parts.push(Buffer.from(reply['content'], reply['encoding']));
      offset = reply['next_offset'];
      expect(reply['truncated']).toBe(offset !== null);
      if (offset === null) return { bytes: Buffer.concat(parts), slices: slices + 1, largest };
    }
  }

  it('pages a 3 MiB binary artifact in slices that fit 64 KiB, reassembling it exactly', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024);
    for (let index = 0; index < content.length; index++) content[index] = (index * 7919) % 256;
    await withArtifact('blob.bin', content);
    const read = await readAll('blob.bin', {});
    expect(read.bytes.equals(content)).toBe(true);
    expect(read.largest).toBeLessThanOrEqual(65_536);
    expect(read.slices).toBeGreaterThan(48);
  });

  it('raises the budget for a larger max_bytes, up to the configured maximum, never past it', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024, 0x61);
    await withArtifact('big.txt', content);
    const read = await readAll('big.txt', { max_bytes: 10_485_760 });
    expect(read.bytes.equals(content)).toBe(true);
    expect(read.largest).toBeGreaterThan(900_000);
    expect(read.largest).toBeLessThanOrEqual(1024 * 1024);
  });

  it('never splits a UTF-8 character or a control character escape across slices', async () => {
    const content = Buffer.from('héllo wörld → 世界 🐳\u0001\n'.repeat(5000));
    await withArtifact('text.txt', content);
    const read = await readAll('text.txt', { encoding: 'utf8', max_bytes: 4096 });
    expect(read.bytes.equals(content)).toBe(true);
    expect(read.slices).toBeGreaterThan(20);
  });
});
