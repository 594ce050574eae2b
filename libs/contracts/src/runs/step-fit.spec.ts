import { describe, expect, it } from '@jest/globals';
import { replyWireBytes, toOutputText } from '@orcaops/plugin-api';
import type { StepRecord } from './run-record.js';
import { addedWireBytes, fitOutputTail, fitStepTexts, focusSteps, shareBudget } from './step-fit.js';

/** Bytes 0x00–0x1F, as a binary dump prints them. */
const binary = (length: number) => Array.from({ length }, (_, at) => String.fromCharCode(at % 32)).join('');

function step(index: number, fields: { status?: StepRecord['status']; command?: string; stdout?: string; stderr?: string } = {}): StepRecord {
  const output = (tail: string) => ({ offset: 0, bytes: tail.length, tail, tail_truncated: false });
  return {
    index,
    command: fields.command ?? `echo ${index}`,
    cwd: null,
    status: fields.status ?? 'success',
    exit_code: fields.status === 'failed' ? 1 : 0,
    started_at: null,
    finished_at: null,
    duration_ms: 1,
    stdout: output(fields.stdout ?? ''),
    stderr: output(fields.stderr ?? ''),
  };
}

describe('addedWireBytes', () => {
  it('is what a value adds to a reply wherever it sits', () => {
    const text = 'a "quoted"\n\u0001 text é';
    const reply = (value: unknown) => ({ job: { steps: [{ tail: value }, { tail: 'x' }] } });
    expect(replyWireBytes(reply(text)) - replyWireBytes(reply(''))).toBe(addedWireBytes(text));
    expect(replyWireBytes(reply([1, 'two'])) - replyWireBytes(reply([]))).toBe(addedWireBytes([1, 'two'], []));
  });
});

describe('shareBudget', () => {
  it('gives small claims what they need and splits the rest by weight', () => {
    expect(shareBudget([{ need: 10, weight: 1 }, { need: 1000, weight: 1 }, { need: 1000, weight: 3 }], 410)).toEqual([10, 100, 300]);
  });

  it('never gives more than the budget or a claim needs', () => {
    const claims = Array.from({ length: 50 }, (_, at) => ({ need: (at * 37) % 200, weight: 1 + (at % 4) }));
    for (const budget of [0, 100, 2000, 4000, 100_000]) {
      const shares = shareBudget(claims, budget);
      expect(shares.reduce((sum, share) => sum + share, 0)).toBeLessThanOrEqual(budget);
      shares.forEach((share, at) => expect(share).toBeLessThanOrEqual(claims[at]!.need));
    }
    expect(shareBudget(claims, 1_000_000)).toEqual(claims.map((claim) => claim.need));
  });
});

describe('fitOutputTail', () => {
  it('keeps the end of the output as text within the budget', () => {
    const tail = `${binary(4000)}the end\n`;
    const fitted = fitOutputTail(tail, 300);
    expect(addedWireBytes(fitted.text)).toBeLessThanOrEqual(300);
    expect(addedWireBytes(fitted.text)).toBeGreaterThan(250);
    expect(toOutputText(tail).text.endsWith(fitted.text)).toBe(true);
    expect(fitted.text.endsWith('the end\n')).toBe(true);
    expect(fitted).toMatchObject({ cut: true });
  });

  it('counts only the replacements it shows', () => {
    const tail = `\u001b[31m${'\u0001'.repeat(100)}${'x'.repeat(1000)}\u001b[0m\u0002`;
    expect(fitOutputTail(tail, 100_000)).toEqual({ text: `${'\uFFFD'.repeat(100)}${'x'.repeat(1000)}\uFFFD`, cut: false, replaced: 103 });
    const end = fitOutputTail(tail, 200);
    expect(end.replaced).toBe(2);
    expect(end.text).toMatch(/^x+\uFFFD$/);
  });

  it('never starts with half a surrogate pair', () => {
    const fitted = fitOutputTail('🐳'.repeat(500), 101);
    expect(fitted.text.length % 2).toBe(0);
    expect(fitted.text.codePointAt(0)).toBe(0x1f433);
  });
});

describe('fitStepTexts', () => {
  it('gives the failing and the last step a larger share, keeps command starts, and stays within the budget', () => {
    const steps = Array.from({ length: 100 }, (_, index) =>
      step(index, { command: `step-${index} ${'c'.repeat(65_000)}`, stdout: `${binary(4096)}END-${index}\n`, stderr: `${binary(4096)}ERR-${index}\n`, ...(index === 42 ? { status: 'failed' as const } : {}) }),
    );
    const fitted = fitStepTexts(steps, 30_000);
    const added = fitted.steps.reduce((sum, shown) => sum + addedWireBytes(shown.command) + addedWireBytes(shown.stdout.text) + addedWireBytes(shown.stderr.text), 0);
    expect(added).toBeLessThanOrEqual(30_000);
    expect(focusSteps(steps)).toEqual(new Set([42, 99]));
    fitted.steps.forEach((shown, index) => {
      expect(shown.command.startsWith(`step-${index} `)).toBe(true);
      expect(shown.commandCutChars).toBe(steps[index]!.command.length - shown.command.length);
      expect(shown.stdout.text.endsWith(`END-${index}\n`)).toBe(true);
    });
    const passed = fitted.steps[10]!.stdout.text.length;
    expect(fitted.steps[42]!.stdout.text.length).toBeGreaterThan(4 * passed);
    expect(fitted.steps[99]!.stderr.text.length).toBeGreaterThan(4 * passed);
    expect(fitted).toMatchObject({ commandsCut: 100, tailsCut: 200 });
    expect(fitted.replaced).toBeGreaterThan(0);
  });

  it('cuts nothing when everything fits, and lets commands use what the tails leave', () => {
    const steps = [step(0, { command: 'c'.repeat(5000), stdout: 'ok\n' }), step(1, { stderr: 'warn\n' })];
    const fitted = fitStepTexts(steps, 12_000);
    expect(fitted).toMatchObject({ commandsCut: 0, tailsCut: 0, replaced: 0 });
    expect(fitted.steps.map((shown) => [shown.command, shown.stdout.text, shown.stderr.text])).toEqual([
      ['c'.repeat(5000), 'ok\n', ''],
      ['echo 1', '', 'warn\n'],
    ]);
  });
});
