import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { JobSpecSchema, type RunRecord, type RunStore } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { FakeDockerService, makeTempDir } from '@orcaops/testing';
import { fakeEngine } from '../test-fixtures/fake-engine.js';
import { NONCE_LABEL } from './job-labels.js';

const IMAGE = 'fake/busybox:1';
const STEPS = 100;

/** What the runner prints for `count` steps that each print a few KiB of bytes no text decoder likes. */
function runnerOutput(nonce: string, count: number): string {
  const marker = (event: string) => `\n\x1eorcaops:${nonce} ${event}\n`;
  const noise = Array.from({ length: 4096 }, (_, index) => String.fromCharCode(index % 32)).join('');
  const body = Array.from({ length: count }, (_, step) => `${marker(`step-start ${step}`)}${noise}${marker(`step-end ${step} 0`)}`).join('');
  return `${body}${marker('done 0')}`;
}

describe('run record writes while a job runs', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let files: FileRunStore;
  let updates: RunRecord[];

  beforeEach(async () => {
    temp = await makeTempDir();
    files = new FileRunStore({ home: join(temp.path, 'home') });
    updates = [];
  });
  afterEach(() => temp.remove());

  it('coalesces step boundaries that pass while a write runs, and the final record has every step', async () => {
    // A slow disk: each record write takes 20 ms, while the fake runs all 100 steps at once.
    const store = new Proxy(files, {
      get(target, property) {
        if (property === 'update') {
          return async (jobId: string, change: (record: RunRecord) => RunRecord) => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            const next = await target.update(jobId, change);
            updates.push(next);
            return next;
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as RunStore;
    const docker = new FakeDockerService();
    docker.addImage(IMAGE);
    docker.script = (created) => ({ output: [{ stream: 'stdout', data: runnerOutput(created.labels[NONCE_LABEL]!, STEPS) }] });
    const engine = fakeEngine(docker, store, temp.path);
    const spec = JobSpecSchema.parse({ image: IMAGE, commands: Array.from({ length: STEPS }, (_, step) => `echo ${step}`) });
    const { job_id } = await engine.submit(spec);
    const record = await engine.wait(job_id, { timeoutMs: 20_000 });

    expect(record.status).toBe('success');
    expect(record.steps.map((step) => step.status)).toEqual(Array(STEPS).fill('success'));
    // 200 boundaries, but one write stood for all those passed while the previous one ran.
    expect(updates.length).toBeLessThan(STEPS / 2);
    // Step states only move forward from one write to the next.
    const passed = updates.map((update) => update.steps.filter((step) => step.status === 'success').length);
    expect(passed).toEqual([...passed].sort((a, b) => a - b));
  });

  it('keeps a record of many steps small: passed steps keep a short tail, the last one its full tail', async () => {
    const docker = new FakeDockerService();
    docker.addImage(IMAGE);
    docker.script = (created) => ({ output: [{ stream: 'stdout', data: runnerOutput(created.labels[NONCE_LABEL]!, STEPS) }] });
    const engine = fakeEngine(docker, files, temp.path);
    const spec = JobSpecSchema.parse({ image: IMAGE, commands: Array.from({ length: STEPS }, (_, step) => `echo ${step}`) });
    const { job_id } = await engine.submit(spec);
    const record = await engine.wait(job_id, { timeoutMs: 20_000 });
    expect(record.steps[0]!.stdout.tail.length).toBeLessThanOrEqual(1024);
    expect(record.steps[0]!.stdout.tail_truncated).toBe(true);
    expect(record.steps[STEPS - 1]!.stdout.tail.length).toBeGreaterThan(2048);
    expect(Buffer.byteLength(JSON.stringify(record))).toBeLessThan(1024 * 1024);
  });
});
