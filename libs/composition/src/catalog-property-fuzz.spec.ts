import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { describePropertyReport, fuzzSeed, fuzzToolProperty, makeTempDir, markedEntries, outcomeCode, outcomeProblems, prepareFuzzFixtures, watchedDirectories, type PropertyFuzzReport } from '@orcaops/testing';
import { fuzzTargets, startFuzzKernel, type FuzzKernel, type FuzzTarget } from './test-fixtures/fuzz-kernel.js';

/**
 * fast-check cases per tool, and the time the whole run may take: each tool gets an equal share of what is left
 * (at least a second), so a slow tool runs fewer cases instead of making the test slow on a loaded machine.
 * ORCAOPS_FUZZ_TOOL runs one tool, ORCAOPS_FUZZ_PATH replays one failing case (with the seed of its message).
 */
const RUNS = Number(process.env['ORCAOPS_FUZZ_RUNS'] ?? 300);
const TOTAL_MS = Number(process.env['ORCAOPS_FUZZ_PROPERTY_MS'] ?? 25_000);
const CALL_TIMEOUT_MS = 15_000;
const ONLY = process.env['ORCAOPS_FUZZ_TOOL'];
const REPLAY_PATH = process.env['ORCAOPS_FUZZ_PATH'];
/** ORCAOPS_FUZZ_VERBOSE=1 prints each tool's cases, time and answer codes. */
const VERBOSE = process.env['ORCAOPS_FUZZ_VERBOSE'] === '1';

describe('property-based fuzzing of every tool through the invoker (fast-check, Docker endpoint absent)', () => {
  const seed = fuzzSeed();
  let harness: FuzzKernel;
  let markedBefore: string[];

  beforeAll(async () => {
    markedBefore = await markedEntries(watchedDirectories());
    harness = await startFuzzKernel({ docker: 'absent' });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it(`answers up to ${RUNS} generated calls per tool with an envelope of a known code, never INTERNAL, within the reply budget and ${CALL_TIMEOUT_MS / 1000} s, writing only in its temporary directory (seed ${seed})`, async () => {
    expect(harness.kernel.hostInfo.plugins().failed).toEqual([]);
    const hints = await prepareFuzzFixtures(harness, { job: true });
    const all = fuzzTargets(harness.kernel.catalog);
    expect(all.length).toBeGreaterThanOrEqual(29);
    const targets = all.filter((target) => !ONLY || target.name === ONLY);
    const reports: PropertyFuzzReport[] = [];
    const deadline = performance.now() + TOTAL_MS;
    for (const [index, target] of targets.entries()) {
      const timeLimitMs = Math.max(1000, (deadline - performance.now()) / (targets.length - index));
      const report = await fuzzToolProperty(target, (args) => invoke(target, args), { seed, numRuns: RUNS, timeLimitMs, callTimeoutMs: CALL_TIMEOUT_MS, path: REPLAY_PATH, root: harness.root, strings: [harness.work], hints });
      if (VERBOSE) process.stderr.write(`${describePropertyReport(report)}\n`);
      reports.push(report);
    }
    // Background work the calls started (jobs against the absent engine) ends within the test: Jest fails the
    // running test on an unhandled rejection or an uncaught exception, so a crash there fails it too.
    await harness.kernel.drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stray = (await markedEntries(watchedDirectories())).filter((path) => !markedBefore.includes(path));

    expect(reports.flatMap((report) => (report.failure ? [report.failure] : []))).toEqual([]);
    expect(stray.map((path) => `created ${path} outside the temporary directory (seed ${seed})`)).toEqual([]);
    // Most cases are valid by the schema so that they reach the tools: each tool that ran enough of them must have
    // had some get past validation, or the run proves little.
    expect(reports.filter((report) => report.valid >= 20 && report.validPastValidation === 0).map((report) => report.name)).toEqual([]);
    if (!ONLY && !REPLAY_PATH) expect(reports.reduce((sum, report) => sum + report.runs, 0)).toBeGreaterThan(targets.length * 50);
  }, 180_000);

  async function invoke(target: FuzzTarget, args: unknown) {
    const outcome: ToolOutcome = await harness.kernel.invoker.invoke(target.name, args);
    return { code: outcomeCode(outcome), problems: outcomeProblems(outcome, args) };
  }
});

describe('the property fuzz harness', () => {
  // Invokers with one defect each, in place of the real one, so that each check is seen to fail.
  const target: FuzzTarget = { name: 'orcaops_read_file', readOnly: true, schema: { type: 'object', properties: { path: { type: 'string', minLength: 1 } }, required: ['path'], additionalProperties: false } };
  const pathOf = (args: unknown) => (args as { path?: unknown } | null)?.path;
  const options = { seed: 7, numRuns: 200, timeLimitMs: 20_000, callTimeoutMs: 50 };

  it('finds, shrinks and reports an INTERNAL answer, a hang and a malformed envelope with the seed and the replay path', async () => {
    const root = await makeTempDir();
    try {
      const check = (outcome: ToolOutcome, args: unknown) => ({ code: outcomeCode(outcome), problems: outcomeProblems(outcome, args) });
      // INTERNAL for a path with a NUL in it.
      const brittle = await fuzzToolProperty(
        target,
        async (args) => check(typeof pathOf(args) === 'string' && String(pathOf(args)).includes('\u0000') ? { ok: false, error: { code: 'INTERNAL', message: 'ERR_INVALID_ARG_VALUE', suggestion: 'none' } } : { ok: true, data: {} }, args),
        { ...options, root: root.path },
      );
      expect(brittle.failure).toMatch(/^orcaops_read_file: INTERNAL "ERR_INVALID_ARG_VALUE"\n {2}arguments: .*\n {2}after \d+ cases and \d+ shrinks \(fast-check seed -?\d+\); replay with ORCAOPS_FUZZ_SEED=7 ORCAOPS_FUZZ_TOOL=orcaops_read_file ORCAOPS_FUZZ_PATH=[\d:]+$/);
      // Shrunk: to a short path with the NUL in it.
      expect(brittle.failure).toMatch(/arguments: \{"path":"[^"]{0,20}\\u0000[^"]{0,20}"\}/);

      const hung = await fuzzToolProperty(target, (args) => (String(pathOf(args)).includes('..') ? new Promise(() => undefined) : Promise.resolve(check({ ok: true, data: {} }, args))), options);
      expect(hung.failure).toMatch(/^orcaops_read_file: no answer within 50 ms\n/);

      const malformed = await fuzzToolProperty(target, async (args) => check({ ok: false, error: { code: 'OOPS', message: '' } } as unknown as ToolOutcome, args), options);
      expect(malformed.failure).toMatch(/^orcaops_read_file: unknown error code "OOPS"; error message "" is not a non-empty string; error suggestion undefined is not a non-empty string\n/);
    } finally {
      await root.remove();
    }
  });

  it('runs a tool slower than its time share for one case at least, and does not call the time running out a failure', async () => {
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return { code: 'ok', problems: [] };
    };
    const report = await fuzzToolProperty(target, slow, { ...options, timeLimitMs: 10, callTimeoutMs: 1000 });
    expect(report.failure).toBeUndefined();
    expect(report.runs).toBeGreaterThanOrEqual(1);
  });
});
