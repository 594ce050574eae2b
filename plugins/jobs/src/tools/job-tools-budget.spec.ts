import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPLY_HEADROOM_BYTES, replyWireBytes, toOutputText, type AnyToolDefinition } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { FakeDockerService, callToolData, makeTempDir, silentLogger, type FakeScript, MemorySecrets } from '@orcaops/testing';
import { JobEngine } from '../engine/job-engine.js';
import { NONCE_LABEL } from '../engine/job-labels.js';
import { createStatusTools } from './status-tools.js';
import { createSubmitTools } from './submit-tools.js';
import { DEFAULT_JOB_SECURITY } from '../jobs-options.js';

const IMAGE = 'fake/busybox:1';
const LIMIT = 64 * 1024;
const STEPS = 100;
/** 8 KiB of bytes 0x00–0x1F, as a step printing a binary dump would. */
const BINARY = Buffer.from(Array.from({ length: 8192 }, (_, at) => at % 32));

/** What one step prints on each stream: the binary dump, then a line that marks the true end. */
const stepOutput = (stream: string, step: number) => Buffer.concat([BINARY, Buffer.from(`END-${stream}-${step}\n`)]);

/** The runner's output for `count` steps (markers on both streams, as the runner script prints them); the last one fails. */
function runnerOutput(nonce: string, count: number, options: { end?: boolean } = {}): NonNullable<FakeScript['output']> {
  const marker = (event: string) => Buffer.from(`\n\x1eorcaops:${nonce} ${event}\n`);
  const exit = (step: number) => (step === STEPS - 1 ? 3 : 0);
  const stream = (name: 'stdout' | 'stderr') =>
    Buffer.concat([
      ...Array.from({ length: count }, (_, step) => [marker(`step-start ${step}`), stepOutput(name, step), ...(options.end === false && step === count - 1 ? [] : [marker(`step-end ${step} ${exit(step)}`)])]).flat(),
      ...(options.end === false ? [] : [marker(`done ${exit(count - 1)}`)]),
    ]);
  return [
    { stream: 'stdout', data: stream('stdout') },
    { stream: 'stderr', data: stream('stderr') },
  ];
}

describe('job tools within the reply budget (fake engine)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: FileRunStore;
  let docker: FakeDockerService;
  let tools: Map<string, AnyToolDefinition>;
  let engine: JobEngine;

  beforeEach(async () => {
    temp = await makeTempDir();
    store = new FileRunStore({ home: join(temp.path, 'home') });
    docker = new FakeDockerService();
    docker.addImage(IMAGE);
    docker.script = (created) => ({ output: runnerOutput(created.labels[NONCE_LABEL]!, STEPS), exitCode: 3 });
    engine = new JobEngine(
      {
        docker,
        store,
        log: silentLogger,
        now: () => new Date(),
        artifactLimits: { maxFileBytes: 1024, maxTotalBytes: 4096, maxCount: 10 },
        inputPolicy: { allowedRoots: [temp.path], maxBytes: 1024 * 1024 },
        security: DEFAULT_JOB_SECURITY,
        secrets: new MemorySecrets(),
      },
      { concurrency: 2, maxQueued: 10 },
    );
    tools = new Map([...createSubmitTools(engine), ...createStatusTools(engine, store)].map((tool) => [tool.name, tool]));
  });
  afterEach(async () => {
    await engine.drain();
    await temp.remove();
  });

  /** Calls a tool as OrcaOps does and returns its data and the envelope's size on the wire; the tool fitted it itself. */
  async function call(name: string, args: Record<string, unknown>): Promise<{ data: Record<string, any>; bytes: number }> {
    const data = await callToolData(tools.get(name)!, args);
    expect(data['reply_truncated']).toBeUndefined();
    return { data, bytes: replyWireBytes({ success: true, ...data }) };
  }

  function expectFittedJob(data: Record<string, any>, bytes: number): void {
    expect(bytes).toBeLessThanOrEqual(LIMIT - REPLY_HEADROOM_BYTES + 64);
    expect(data['steps']).toHaveLength(STEPS);
    for (const [index, step] of (data['steps'] as Array<Record<string, any>>).entries()) {
      for (const stream of ['stdout', 'stderr']) {
        // The true end of what the step printed, shown as text.
        expect(toOutputText(stepOutput(stream, index).toString('utf8')).text.endsWith(step[`${stream}_tail`])).toBe(true);
        expect(step[`${stream}_tail`]).toMatch(new RegExp(`END-${stream}-${index}\\n$`));
      }
      expect(step['output_truncated']).toBe(true);
    }
    const failing = data['steps'][STEPS - 1];
    expect(failing).toMatchObject({ status: 'failed', exit_code: 3 });
    expect(failing['stdout_tail'].length).toBeGreaterThan(4 * data['steps'][0]['stdout_tail'].length);
    expect(data['cut']).toMatchObject({ tails_cut: 2 * STEPS, suggestion: expect.stringContaining('orcaops_get_job_logs') });
    expect(data['output_replaced']).toBeGreaterThan(0);
  }

  it('orcaops_run_job and orcaops_get_job_status fit a job of 100 binary steps in 64 KiB', async () => {
    const commands = Array.from({ length: STEPS }, (_, step) => `dump ${step}`);
    const run = await call('orcaops_run_job', { image: IMAGE, commands, wait_seconds: 30 });
    expect(run.data).toMatchObject({ status: 'failed', exit_code: 3, still_running: false });
    expectFittedJob(run.data, run.bytes);
    const status = await call('orcaops_get_job_status', { job_id: run.data['job_id'] });
    expectFittedJob(status.data, status.bytes);
  });

  it('orcaops_cancel_job fits its view too', async () => {
    docker.script = (created) => ({ output: runnerOutput(created.labels[NONCE_LABEL]!, 60, { end: false }), hang: true });
    const submitted = await call('orcaops_submit_job', { image: IMAGE, commands: Array.from({ length: STEPS }, (_, step) => `dump ${step}`) });
    const jobId = submitted.data['job_id'];
    for (let i = 0; i < 500; i++) {
      const record = await store.get(jobId);
      if (record?.steps[59]?.status === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const cancelled = await call('orcaops_cancel_job', { job_id: jobId });
    expect(cancelled.bytes).toBeLessThanOrEqual(LIMIT);
    expect(cancelled.data['status']).toBe('cancelled');
    expect(cancelled.data['steps'][59]['stdout_tail']).toMatch(/END-stdout-59\n$/);
  });

  it('orcaops_list_jobs ends a page at the budget with an exact next_offset', async () => {
    const image = `registry.local/${'team/'.repeat(45)}app:1`;
    const ids: string[] = [];
    for (let index = 0; index < 300; index++) {
      const jobId = `listed-${String(index).padStart(3, '0')}`;
      ids.push(jobId);
      await store.create(queuedRunRecord(jobId, JobSpecSchema.parse({ image, commands: ['true'] }), new Date(Date.UTC(2026, 0, 1, 0, 0, index))));
    }
    const seen: string[] = [];
    for (let offset: number | null = 0, pages = 0; offset !== null; pages++) {
      expect(pages).toBeLessThan(20);
      const page: { data: Record<string, any>; bytes: number } = await call('orcaops_list_jobs', { limit: 500, offset });
      expect(page.bytes).toBeLessThanOrEqual(LIMIT);
      expect(page.data['jobs'].length).toBeGreaterThan(0);
      seen.push(...page.data['jobs'].map((job: { job_id: string }) => job.job_id));
      offset = page.data['next_offset'];
      if (offset !== null) expect(offset).toBe(seen.length);
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('orcaops_list_jobs with an unreadable record on a page: no job shown twice or skipped', async () => {
    const ids = Array.from({ length: 200 }, (_, index) => `listed-${String(index).padStart(3, '0')}`);
    for (const [index, jobId] of ids.entries()) {
      await store.create(queuedRunRecord(jobId, JobSpecSchema.parse({ image: IMAGE, commands: ['true'] }), new Date(Date.UTC(2026, 0, 1, 0, 0, index))));
    }
    // Newest first, the unreadable one is the 6th: it keeps its offset but is not returned.
    await writeFile(join(store.dir(ids[194]!), 'record.json'), '{ not json');
    const seen: string[] = [];
    for (let offset: number | null = 0, pages = 0; offset !== null; pages++) {
      expect(pages).toBeLessThan(40);
      const page = await callToolData(tools.get('orcaops_list_jobs')!, { limit: 500, offset }, { replyLimit: 8192 });
      expect(replyWireBytes({ success: true, ...page })).toBeLessThanOrEqual(8192);
      expect(page['reply_truncated']).toBeUndefined();
      seen.push(...page['jobs'].map((job: { job_id: string }) => job.job_id));
      offset = page['next_offset'];
    }
    expect(seen).toEqual([...ids].reverse().filter((jobId) => jobId !== ids[194]));
  });
});
