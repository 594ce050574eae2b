import { describe, expect, it } from '@jest/globals';
import { REPLY_HEADROOM_BYTES, replyWireBytes, toOutputText } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type RunRecord, type StepRecord } from '@orcaops/contracts';
import { callToolData, memoryRunRecords, toolNamed } from '@orcaops/testing';
import { createRunsTools } from './runs-tools.js';

const LIMIT = 64 * 1024;
const binary = (length: number) => Array.from({ length }, (_, at) => String.fromCharCode(at % 32)).join('');

function step(index: number, tail: string, fields: Partial<StepRecord> = {}): StepRecord {
  return {
    index,
    command: `dump ${index}`,
    cwd: null,
    status: 'success',
    exit_code: 0,
    started_at: '2026-11-24T12:00:00.000Z',
    finished_at: '2026-11-24T12:00:01.000Z',
    duration_ms: 1000,
    stdout: { offset: index * 8192, bytes: 8192, tail, tail_truncated: tail.length < 8192 },
    stderr: { offset: index * 8192, bytes: 8192, tail, tail_truncated: tail.length < 8192 },
    ...fields,
  };
}

function run(fields: Partial<RunRecord> = {}, spec: Record<string, unknown> = {}): RunRecord {
  const base = queuedRunRecord('run-1', JobSpecSchema.parse({ image: 'alpine:3.20', commands: ['true'], ...spec }), new Date('2026-11-24T12:00:00Z'));
  return { ...base, status: 'success', cleanup: { container_removed: true, error: null }, ...fields };
}

describe('orcaops_get_run within the reply budget', () => {
  async function getRun(record: RunRecord, args: Record<string, unknown> = {}): Promise<{ data: Record<string, any>; bytes: number }> {
    const records = memoryRunRecords();
    await records.create(record);
    const data = await callToolData(toolNamed(createRunsTools(records.store, () => new Date()), 'orcaops_get_run'), { job_id: record.job_id, ...args });
    expect(data['reply_truncated']).toBeUndefined();
    const bytes = replyWireBytes({ success: true, ...data });
    expect(bytes).toBeLessThanOrEqual(LIMIT - REPLY_HEADROOM_BYTES + 64);
    return { data, bytes };
  }

  it('returns a small run as stored, without a cut note', async () => {
    const record = run({ steps: [step(0, 'hello\n', { stdout: { offset: 0, bytes: 6, tail: 'hello\n', tail_truncated: false } })] });
    const { data } = await getRun(record);
    expect(data).toEqual({ run: record, steps_total: 1, steps_next_offset: null, artifacts_total: 0, artifacts_skipped_total: 0 });
  });

  it('pages 100 steps of binary output by step_offset, each tail the true end, the failing step given the most', async () => {
    const tails = Array.from({ length: 100 }, (_, index) => `${binary(4090)}END-${index}\n`);
    const steps = tails.map((tail, index) => step(index, tail, index === 99 ? { status: 'failed', exit_code: 3 } : {}));
    const record = run({ status: 'failed', steps });
    const seen: number[] = [];
    let replaced = 0;
    for (let offset: number | null = 0, pages = 0; offset !== null; pages++) {
      expect(pages).toBeLessThan(10);
      const { data, bytes } = await getRun(record, { step_offset: offset });
      expect(bytes).toBeGreaterThan(LIMIT * 0.8);
      expect(data['steps_total']).toBe(100);
      for (const shown of data['run']['steps'] as StepRecord[]) {
        seen.push(shown.index);
        expect(toOutputText(tails[shown.index]!).text.endsWith(shown.stdout.tail)).toBe(true);
        expect(shown.stderr.tail).toMatch(new RegExp(`END-${shown.index}\\n$`));
        expect(shown.stdout.tail_truncated).toBe(true);
        expect(shown).toMatchObject({ command: `dump ${shown.index}`, stdout: { offset: shown.index * 8192, bytes: 8192 } });
      }
      replaced += data['output_replaced'];
      offset = data['steps_next_offset'];
      if (offset !== null) expect(data['cut']['suggestion']).toContain(`step_offset ${offset}`);
      if (seen.includes(99)) {
        const page = data['run']['steps'] as StepRecord[];
        expect(page.at(-1)!.stdout.tail.length).toBeGreaterThan(4 * page[0]!.stdout.tail.length);
      }
    }
    expect(seen).toEqual(steps.map((shown) => shown.index));
    expect(replaced).toBeGreaterThan(0);
  });

  it('cuts huge spec strings keeping their start, and counts them', async () => {
    const commands = Array.from({ length: 100 }, (_, index) => `step-${index}:${'c'.repeat(65_000)}`);
    const files = Array.from({ length: 100 }, (_, index) => ({ path: `data/${index}.txt`, content: `file-${index}:${'f'.repeat(1_048_000)}` }));
    const record = run({ steps: commands.map((command, index) => step(index, 'ok\n', { command })) }, { commands, inputs: { files } });
    const { data } = await getRun(record);
    const spec = data['run']['spec'];
    expect(spec['image']).toBe('alpine:3.20');
    spec['commands'].forEach((command: string, index: number) => expect(command.startsWith(`step-${index}:c`)).toBe(true));
    spec['inputs']['files'].forEach((file: { path: string; content: string }, index: number) => {
      expect(file.path).toBe(`data/${index}.txt`);
      expect(file.content.startsWith(`file-${index}:`)).toBe(true);
    });
    const cutChars = [...commands, ...files.map((file) => file.content)].reduce((sum, text) => sum + text.length, 0) -
      [...spec['commands'], ...spec['inputs']['files'].map((file: { content: string }) => file.content)].reduce((sum: number, text: string) => sum + text.length, 0);
    expect(data['cut']).toMatchObject({ spec_strings_cut: 200, spec_chars_cut: cutChars, suggestion: expect.stringContaining('record.json') });
    const shownSteps = data['run']['steps'] as StepRecord[];
    expect(shownSteps.length).toBeGreaterThan(0);
    shownSteps.forEach((shown) => expect(shown.command.startsWith(`step-${shown.index}:`)).toBe(true));
    expect(data['cut']['commands_cut']).toBe(shownSteps.length);
  });

  it('lists the first artifacts that fit, with the total', async () => {
    const artifacts = Array.from({ length: 2000 }, (_, index) => ({ path: `workspace/out/file-${index}.txt`, size: index, sha256: 'a'.repeat(64), source: 'out/*' }));
    const { data } = await getRun(run({ artifacts }));
    const shown = data['run']['artifacts'];
    expect(shown.length).toBeGreaterThan(10);
    expect(shown).toEqual(artifacts.slice(0, shown.length));
    expect(data['artifacts_total']).toBe(2000);
    expect(data['cut']).toMatchObject({ artifacts_omitted: 2000 - shown.length, suggestion: expect.stringContaining('orcaops_list_artifacts') });
  });
});
