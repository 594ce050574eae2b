import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPLY_HEADROOM_BYTES, decodeOutputText, jsonBytes, replyWireBytes, createReplyBudget, type AnyToolDefinition, type ReplyBudget } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type RunRecord, type StepRecord } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { FakeDockerService, callToolData, callToolError, makeTempDir, silentLogger, MemorySecrets } from '@orcaops/testing';
import { JobEngine } from '../engine/job-engine.js';
import { createLogTools } from './log-tools.js';
import { DEFAULT_JOB_SECURITY } from '../jobs-options.js';

const JOB = 'job-hostile-logs';
const MIB = 1024 * 1024;

/** Bytes no terminal would call text: every byte value, escape sequences, characters cut in half, long lines. */
function hostileLog(size: number, seed = 11): Buffer {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  const pieces = [
    () => Buffer.from([random(256)]),
    () => Buffer.alloc(1 + random(64), random(32)),
    () => Buffer.from('\u001b[31mred\u001b[0m \u001b]0;title\u0007'),
    () => Buffer.from('漢字😀 "quoted" \\'),
    () => Buffer.from('😀').subarray(0, 1 + random(3)),
    () => Buffer.from([0xff, 0xc3, 0x80, 0x80]),
    () => Buffer.alloc(random(8) === 0 ? 30_000 : 1 + random(100), 0x61 + random(26)),
    () => Buffer.from('\n'),
  ];
  const parts: Buffer[] = [];
  for (let total = 0; total < size; total += parts.at(-1)!.length) parts.push(pieces[random(pieces.length)]!());
  return Buffer.concat(parts).subarray(0, size);
}

/** `count` steps of `bytes` each, back to back in both logs. */
function steps(count: number, bytes: number): StepRecord[] {
  const part = (index: number) => ({ offset: index * bytes, bytes, tail: '', tail_truncated: true });
  return Array.from({ length: count }, (_, index) => ({
    index,
    command: `step ${index}`,
    cwd: null,
    status: 'success',
    exit_code: 0,
    started_at: null,
    finished_at: null,
    duration_ms: 1,
    stdout: part(index),
    stderr: part(index),
  }));
}

describe('orcaops_get_job_logs within the reply budget', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: FileRunStore;
  let tool: AnyToolDefinition;

  beforeEach(async () => {
    temp = await makeTempDir();
    store = new FileRunStore({ home: join(temp.path, 'home') });
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
    tool = createLogTools(engine, store)[0]!;
  });
  afterEach(() => temp.remove());

  async function job(stdout: Buffer, stderr: Buffer, fields: Partial<RunRecord> = {}): Promise<void> {
    const spec = JobSpecSchema.parse({ image: 'fake/busybox:1', commands: ['true'] });
    await store.create({ ...queuedRunRecord(JOB, spec, new Date('2026-11-24T12:00:00Z')), status: 'success', ...fields });
    await writeFile(store.logPath(JOB, 'stdout'), stdout);
    await writeFile(store.logPath(JOB, 'stderr'), stderr);
  }

  /** Calls the tool as OrcaOps does, and checks that the reply did not have to be cut for it. */
  async function logs(args: Record<string, unknown>, reply: ReplyBudget = createReplyBudget()): Promise<Record<string, any>> {
    const data = await callToolData(tool, { job_id: JOB, ...args }, { reply });
    expect(data['reply_truncated']).toBeUndefined();
    expect(replyWireBytes({ success: true, ...data })).toBeLessThanOrEqual(reply.limit - REPLY_HEADROOM_BYTES);
    return data;
  }

  /** The slice's text is what its bytes in the file show as (`end`: where the log or the step ends). */
  function expectExact(slice: Record<string, any>, file: Buffer, end = file.length): void {
    const bytes = file.subarray(slice['offset'], slice['next_offset'] ?? end);
    if (slice['encoding'] === 'base64') expect(Buffer.from(slice['text'], 'base64').equals(bytes)).toBe(true);
    else expect(decodeOutputText(bytes)).toEqual({ text: slice['text'], replaced: slice['replaced'] });
  }

  it('fits 100 steps of 8 KiB of control bytes per stream in 64 KiB with the defaults, both streams shown', async () => {
    const chunk = Buffer.from(Array.from({ length: 8192 }, (_, index) => index % 32));
    const file = Buffer.concat(Array.from({ length: 100 }, () => chunk));
    await job(file, file, { steps: steps(100, 8192) });
    const reply = createReplyBudget();
    const data = await logs({}, reply);
    expect(reply.limit).toBe(64 * 1024);
    for (const name of ['stdout', 'stderr']) {
      const slice = data[name];
      expect(slice).toMatchObject({ encoding: 'text', truncated: true, next_offset: null, size: file.length });
      expect(slice['replaced']).toBeGreaterThan(1000);
      expect(jsonBytes(slice['text'])).toBeGreaterThan(10_000); // each stream got its share
      expectExact(slice, file);
    }
    const step = await logs({ step: 42, stream: 'stdout', tail_lines: 1000 });
    expect(step['stdout']).toMatchObject({ size: 8192, truncated: false, offset: 42 * 8192, next_offset: null });
    expectExact(step['stdout'], file, 43 * 8192);
  });

  it('returns the tail of one 20 MB line as its last bytes, with the offset where they start', async () => {
    const line = Buffer.from(`${'progress 漢 '.repeat(1_600_000)}done`);
    expect(line.length).toBeGreaterThan(20_000_000);
    await job(line, Buffer.alloc(0));
    const data = await logs({});
    const slice = data['stdout'];
    expect(slice).toMatchObject({ truncated: true, next_offset: null, replaced: 0, size: line.length });
    expect(slice['text'].endsWith('漢 done')).toBe(true);
    expect(slice['offset']).toBe(line.length - Buffer.byteLength(slice['text']));
    expectExact(slice, line);
    // stderr is empty, so stdout had the room of both (each copy of the reply holds the text once: ~31 KB of 64 KiB).
    expect(jsonBytes(slice['text'])).toBeGreaterThan(28_000);
    expect(data['stderr']).toMatchObject({ text: '', truncated: false, size: 0 });
  });

  it('keeps max_bytes 1 MiB on 20 MB of \\x01 within the largest reply', async () => {
    const ones = Buffer.alloc(20 * 1000 * 1000, 1);
    await job(ones, ones);
    for (const stream of ['stdout', 'both']) {
      const reply = createReplyBudget();
      const data = await logs({ stream, max_bytes: MIB }, reply);
      expect(reply.limit).toBe(reply.max);
      expect(replyWireBytes({ success: true, ...data })).toBeGreaterThan(reply.max * 0.9);
      for (const name of stream === 'both' ? ['stdout', 'stderr'] : ['stdout']) {
        const slice = data[name];
        expect(slice).toMatchObject({ truncated: true, next_offset: null });
        expect(slice['replaced']).toBe(ones.length - slice['offset']);
        expect(slice['text']).toBe('\uFFFD'.repeat(slice['replaced']));
      }
    }
  });

  it('gives the exact bytes in base64', async () => {
    const bytes = hostileLog(20_000);
    await job(bytes, Buffer.alloc(0));
    const data = await logs({ stream: 'stdout', offset: 0, encoding: 'base64' });
    expect(data['stdout']).toMatchObject({ encoding: 'base64', replaced: 0, offset: 0, next_offset: null, truncated: false });
    expect(Buffer.from(data['stdout']['text'], 'base64').equals(bytes)).toBe(true);
  });

  it('pages a hostile log with next_offset into exactly the whole file, in base64 and as text, for the job and one step', async () => {
    const file = hostileLog(600_000);
    await job(file, file, { steps: steps(2, 300_000) });
    for (const encoding of ['base64', 'text']) {
      for (const step of [undefined, 1]) {
        const from = step === undefined ? 0 : 300_000;
        const pieces: Buffer[] = [];
        let offset: number | null = from;
        let pages = 0;
        while (offset !== null) {
          const slice: Record<string, any> = (await logs({ offset, encoding, ...(step === undefined ? {} : { step }) }))['stdout'];
          expect(slice['offset']).toBe(offset);
          expectExact(slice, file, file.length);
          pieces.push(file.subarray(slice['offset'], slice['next_offset'] ?? file.length));
          offset = slice['next_offset'];
          pages++;
        }
        expect(Buffer.concat(pieces).equals(file.subarray(from))).toBe(true);
        expect(pages).toBeGreaterThan(5);
      }
    }
  });

  it('shows invalid UTF-8 as U+FFFD and never splits a character at a slice edge', async () => {
    const file = Buffer.concat([Buffer.from('漢字😀 ok '), Buffer.from([0xff, 0xfe]), Buffer.from('αβγ\n')]);
    await job(file, Buffer.alloc(0));
    const texts: string[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const slice: Record<string, any> = (await logs({ stream: 'stdout', offset, max_bytes: 7 }))['stdout'];
      expect(slice['offset']).toBe(offset);
      expect(jsonBytes(slice['text'])).toBeLessThanOrEqual(7);
      texts.push(slice['text']);
      offset = slice['next_offset'];
    }
    expect(texts.join('')).toBe('漢字😀 ok \uFFFD\uFFFDαβγ\n');
    // Whole characters only: the only U+FFFD are the two invalid bytes, and the 4-byte 😀 starts a slice of its own.
    expect(texts.some((text) => text.startsWith('😀'))).toBe(true);
    expect(texts.join('').match(/\uFFFD/g)).toHaveLength(2);
  });

  it('shrinks both streams to a small reply budget and still says where each slice starts', async () => {
    const file = Buffer.from(Array.from({ length: 100_000 }, (_, n) => `line ${n}\n`).join(''));
    await job(file, file);
    const data = await logs({}, createReplyBudget(8192));
    for (const name of ['stdout', 'stderr']) {
      expect(data[name]).toMatchObject({ truncated: true, next_offset: null });
      expect(data[name]['text'].endsWith('line 99999\n')).toBe(true);
      expectExact(data[name], file);
    }
  });

  it('refuses a step that does not exist', async () => {
    await job(Buffer.from('x'), Buffer.alloc(0), { steps: steps(1, 1) });
    expect(await callToolError(tool, { job_id: JOB, step: 3 })).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('step 3') });
  });
});
