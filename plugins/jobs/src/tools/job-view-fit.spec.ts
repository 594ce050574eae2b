import { describe, expect, it } from '@jest/globals';
import { REPLY_HEADROOM_BYTES, replyWireBytes, toOutputText } from '@orcaops/plugin-api';
import { JobSpecSchema, JobView, queuedRunRecord, type RunRecord, type StepRecord } from '@orcaops/contracts';
import { fitJobView } from './job-view-fit.js';

const LIMIT = 64 * 1024;
const BUDGET = LIMIT - REPLY_HEADROOM_BYTES;
const binary = (length: number) => Array.from({ length }, (_, at) => String.fromCharCode(at % 32)).join('');

function step(index: number, fields: Partial<StepRecord> & { out?: string; err?: string } = {}): StepRecord {
  const { out = '', err = '', ...rest } = fields;
  const output = (tail: string) => ({ offset: 0, bytes: tail.length, tail, tail_truncated: false });
  return {
    index,
    command: `echo ${index}`,
    cwd: null,
    status: 'success',
    exit_code: 0,
    started_at: '2026-11-24T12:00:00.000Z',
    finished_at: '2026-11-24T12:00:01.000Z',
    duration_ms: 1000,
    stdout: output(out),
    stderr: output(err),
    ...rest,
  };
}

function record(fields: Partial<RunRecord> = {}): RunRecord {
  return {
    ...queuedRunRecord('job-1', JobSpecSchema.parse({ image: 'alpine:3.20', commands: ['true'] }), new Date('2026-11-24T12:00:00Z')),
    status: 'success',
    container_id: 'c0ffee',
    ...fields,
  };
}

/** The view as the invoker would send it (validated by the output schema, in its envelope), and its size there. */
function sent(view: unknown): { data: Record<string, any>; bytes: number } {
  expect(replyWireBytes(view)).toBeLessThanOrEqual(BUDGET);
  const data = JobView.parse(view) as Record<string, any>;
  return { data, bytes: replyWireBytes({ success: true, ...data }) };
}

describe('fitJobView', () => {
  it('shows a small job whole, its tails as text, without a cut note', () => {
    const view = fitJobView(record({ steps: [step(0, { out: 'hello\n' }), step(1, { err: '\u001b[31mred\u001b[0m\n' })] }), BUDGET);
    expect(view.steps.map((shown) => [shown.stdout_tail, shown.stderr_tail, shown.output_truncated])).toEqual([
      ['hello\n', '', false],
      ['', 'red\n', false],
    ]);
    expect(view).toMatchObject({ output_replaced: 2, artifacts_total: 0, artifacts_skipped_total: 0 });
    expect(view.cut).toBeUndefined();
    expect(view.steps[0]).not.toHaveProperty('command_cut_chars');
  });

  it('fits 100 steps of binary output: tails keep their true end, the failing step gets the most', () => {
    const tails = Array.from({ length: 100 }, (_, index) => `${binary(4096)}END-${index}\n`);
    const steps = tails.map((tail, index) =>
      step(index, { out: tail, err: tail, ...(index === 57 ? { status: 'failed' as const, exit_code: 3 } : {}), stdout: { offset: 0, bytes: 8192, tail, tail_truncated: true } }),
    );
    const { data, bytes } = sent(fitJobView(record({ status: 'failed', steps }), BUDGET));
    expect(bytes).toBeLessThanOrEqual(LIMIT);
    expect(data['exit_code']).toBe(3);
    data['steps'].forEach((shown: Record<string, any>, index: number) => {
      expect(toOutputText(tails[index]!).text.endsWith(shown['stdout_tail'])).toBe(true);
      expect(shown['stdout_tail']).toMatch(new RegExp(`END-${index}\\n$`));
      expect(shown['output_truncated']).toBe(true);
    });
    // The budget goes to the tails rather than being left unused.
    expect(bytes).toBeGreaterThan(BUDGET * 0.95);
    const passed = data['steps'][3]['stderr_tail'].length;
    expect(passed).toBeGreaterThan(10);
    expect(data['steps'][57]['stderr_tail'].length).toBeGreaterThan(4 * passed);
    expect(data['steps'][99]['stderr_tail'].length).toBeGreaterThan(4 * passed);
    expect(data['cut']).toMatchObject({ tails_cut: 200, commands_cut: 0, suggestion: expect.stringContaining('orcaops_get_job_logs') });
    expect(data['output_replaced']).toBeGreaterThan(1000);
  });

  it('cuts 100 commands of 64 KiB keeping their start and says by how much', () => {
    const steps = Array.from({ length: 100 }, (_, index) => step(index, { command: `step-${index}:${'x'.repeat(65_530)}`, out: `ok ${index}\n` }));
    const { data, bytes } = sent(fitJobView(record({ steps }), BUDGET));
    expect(bytes).toBeLessThanOrEqual(LIMIT);
    data['steps'].forEach((shown: Record<string, any>, index: number) => {
      expect(shown['command'].startsWith(`step-${index}:x`)).toBe(true);
      expect(shown['command_cut_chars']).toBe(steps[index]!.command.length - shown['command'].length);
      expect(shown['stdout_tail']).toBe(`ok ${index}\n`);
    });
    expect(data['cut']).toMatchObject({ commands_cut: 100, tails_cut: 0 });
  });

  it('lists the first artifacts with the total and points to orcaops_list_artifacts', () => {
    const artifacts = Array.from({ length: 2000 }, (_, index) => ({ path: `workspace/out/file-${index}.txt`, size: index, sha256: 'a'.repeat(64), source: 'out/*' }));
    const skipped = Array.from({ length: 100 }, (_, index) => ({ pattern: `missing-${index}/${'p'.repeat(300)}`, reason: 'no match' }));
    const { data, bytes } = sent(fitJobView(record({ artifacts, artifacts_skipped: skipped }), BUDGET));
    expect(bytes).toBeLessThanOrEqual(LIMIT);
    expect(data['artifacts']).toEqual(artifacts.slice(0, 20).map(({ path, size, sha256 }) => ({ path, size, sha256 })));
    expect(data['artifacts_total']).toBe(2000);
    expect(data['artifacts_skipped_total']).toBe(100);
    expect(data['artifacts_skipped'].length).toBeGreaterThan(0);
    expect(data['artifacts_skipped']).toEqual(skipped.slice(0, data['artifacts_skipped'].length));
    expect(data['cut']).toMatchObject({ artifacts_omitted: 1980, artifacts_skipped_omitted: 100 - data['artifacts_skipped'].length });
    expect(data['cut']['suggestion']).toContain('orcaops_list_artifacts');
  });

  it('stays within any budget it is given, with the extra fields of the tool', () => {
    const tail = `${binary(3000)}\u001b[1mbold\u001b[0m tail\n`;
    const steps = Array.from({ length: 60 }, (_, index) => step(index, { command: 'y'.repeat(index * 500), out: tail, err: tail }));
    for (const budget of [24_000, 40_000, BUDGET, 200_000]) {
      const view = fitJobView(record({ steps }), budget, { still_running: false });
      expect(view.still_running).toBe(false);
      expect(replyWireBytes(view)).toBeLessThanOrEqual(budget);
      expect(view.steps[59]!.stdout_tail.endsWith('bold tail\n')).toBe(true);
    }
  });
});
