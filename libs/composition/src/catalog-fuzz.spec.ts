import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { fuzzSeed, makeTempDir, markedEntries, prepareFuzzFixtures, watchedDirectories } from '@orcaops/testing';
import { fuzzTargets, startFuzzKernel, type FuzzKernel, type FuzzTarget } from './test-fixtures/fuzz-kernel.js';
import { fuzzTool } from './test-fixtures/fuzz-tool.js';

/**
 * Cases per tool, and the time the whole sweep may take: each tool gets an equal share of what is left, so a slow
 * tool (one that runs compose) gets fewer cases instead of making the test slow on a loaded machine.
 */
const CASES = Number(process.env['ORCAOPS_FUZZ_CASES'] ?? 300);
const TOTAL_MS = Number(process.env['ORCAOPS_FUZZ_TOTAL_MS'] ?? 40_000);
/** ORCAOPS_FUZZ_VERBOSE=1 prints each tool's time and answer codes. */
const VERBOSE = process.env['ORCAOPS_FUZZ_VERBOSE'] === '1';

describe('fuzzing every tool input schema (Docker endpoint absent)', () => {
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

  it(`answers ${CASES} hostile calls per tool without INTERNAL, within the reply budget, writing only in its temporary directory (seed ${seed})`, async () => {
    expect(harness.kernel.hostInfo.plugins().failed).toEqual([]);
    const hints = await prepareFuzzFixtures(harness, { job: true });
    const targets = fuzzTargets(harness.kernel.catalog);
    expect(targets.length).toBeGreaterThanOrEqual(29);
    const failures: string[] = [];
    const reached = new Map<string, { cases: number; past: number }>();
    const deadline = performance.now() + TOTAL_MS;
    for (const [index, target] of targets.entries()) {
      const started = performance.now();
      const budgetMs = Math.max(200, (deadline - started) / (targets.length - index));
      const report = await fuzzTool({ invoker: harness.kernel.invoker, root: harness.root }, target, { seed, cases: CASES, budgetMs, strings: [harness.work], hints });
      if (VERBOSE) process.stderr.write(`${target.name}: ${report.cases} cases in ${Math.round(performance.now() - started)} ms ${JSON.stringify(Object.fromEntries(report.codes))}\n${report.slowest.map((slow) => `  ${slow.ms} ms ${slow.code} ${slow.label}\n`).join('')}`);
      failures.push(...report.failures);
      reached.set(target.name, { cases: report.cases, past: report.cases - (report.codes.get('VALIDATION_ERROR') ?? 0) });
    }
    // Background work the calls started (jobs against the absent engine) ends within the test: Jest fails the
    // running test on an unhandled rejection or an uncaught exception, so a crash there fails it too.
    await harness.kernel.drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stray = (await markedEntries(watchedDirectories())).filter((path) => !markedBefore.includes(path));
    failures.push(...stray.map((path) => `created ${path} outside the temporary directory (seed ${seed})`));

    expect(failures.slice(0, 20)).toEqual([]);
    // The fuzz must get past validation into every tool, or it proves little (judged where enough cases ran).
    const neverReached = [...reached].filter(([, { cases, past }]) => cases >= 40 && past === 0).map(([name]) => name);
    expect(neverReached).toEqual([]);
  }, 180_000);
});

describe('the fuzz harness', () => {
  // Invokers with one defect each, in place of the real one, so that each check is seen to fail.
  const target: FuzzTarget = { name: 'orcaops_read_file', readOnly: true, schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };
  const pathOf = (args: unknown) => (args as { path?: unknown } | null)?.path;

  it('reports an INTERNAL answer, a hang, a reply over its budget and a file made outside, with the seed, the tool and the arguments', async () => {
    const root = await makeTempDir();
    const outside = await makeTempDir();
    try {
      const brittle = {
        // Fails on a path component of more than 255 characters, as a file system would, but as INTERNAL.
        invoke: async (_name: string, args: unknown): Promise<ToolOutcome> => {
          const path = pathOf(args);
          const bad = typeof path === 'string' && path.split('/').some((part) => part.length > 255);
          return bad ? { ok: false, error: { code: 'INTERNAL', message: 'ENAMETOOLONG', suggestion: 'none' } } : { ok: true, data: {} };
        },
      };
      const found = await fuzzTool({ invoker: brittle, root: root.path }, target, { seed: 7, cases: 60 });
      expect(found.failures[0]).toMatch(/^seed 7 case \d+ \((case seed|sweep \d+ of seed) \d+\) orcaops_read_file \{"path":.*: INTERNAL "ENAMETOOLONG"$/);
      expect(found.failures.every((failure) => failure.length < 1200)).toBe(true);

      const forever = { invoke: (_name: string, args: unknown): Promise<ToolOutcome> => (String(pathOf(args)).includes('..') ? new Promise(() => undefined) : Promise.resolve({ ok: true, data: {} })) };
      const hung = await fuzzTool({ invoker: forever, root: root.path }, target, { seed: 7, cases: 60, callTimeoutMs: 20 });
      expect(hung.failures[0]).toMatch(/orcaops_read_file .*: no answer within 20 ms$/);

      // Answers too much, and writes where it is told when that is outside the directory the run may use.
      const careless = {
        invoke: async (_name: string, args: unknown): Promise<ToolOutcome> => {
          const path = pathOf(args);
          if (typeof path === 'string' && path.startsWith(outside.path) && !path.includes('\u0000')) await mkdir(path, { recursive: true }).catch(() => undefined);
          return { ok: true, data: { echo: 'y'.repeat(100_000) } };
        },
      };
      const report = await fuzzTool({ invoker: careless, root: root.path }, target, { seed: 7, cases: 60, hints: { path: [join(outside.path, 'x')] } });
      expect(report.failures).toEqual(expect.arrayContaining([expect.stringMatching(/: reply of \d+ bytes over its budget of 65536$/), expect.stringMatching(/: created ".*" outside the temporary directory$/)]));
    } finally {
      await Promise.all([root.remove(), outside.remove()]);
    }
  });
});
