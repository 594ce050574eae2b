import type { ToolOutcome } from '@orcaops/plugin-api';
import type { Invoker } from '@orcaops/kernel';
import { absentPaths, createdPaths, describeValue, deriveSeed, fuzzArguments, outcomeProblems, sweepArguments, withTimeout, type FuzzHint } from '@orcaops/testing';
import type { FuzzTarget } from './fuzz-kernel.js';

/** What a fuzz run of one tool found. */
export interface FuzzReport {
  readonly failures: string[];
  /** Cases run (fewer than asked when the time budget ran out). */
  readonly cases: number;
  /** Outcome codes seen (`ok` for a success), to show the cases reached past validation. */
  readonly codes: Map<string, number>;
  /** The slowest calls, slowest first: milliseconds, outcome code and the case. */
  readonly slowest: ReadonlyArray<{ ms: number; code: string; label: string }>;
}

/** Options of {@link fuzzTool}. */
export interface FuzzToolOptions {
  readonly seed: number;
  readonly cases: number;
  /** Plausible strings handed to the generator (see FuzzOptions.strings). */
  readonly strings?: readonly string[];
  /** Meaningful values by property name (see FuzzOptions.hints). */
  readonly hints?: Readonly<Record<string, FuzzHint>>;
  /**
   * Stop starting cases after this long, so that a slow tool (one that runs compose for every sandbox) cannot
   * take the whole test's time; the cases run are still the first ones of the seed, so any failure replays.
   */
  readonly budgetMs?: number;
  /** Longest a single call may take before it counts as hung. */
  readonly callTimeoutMs?: number;
}

/**
 * Runs `cases` generated calls of one tool through the real invoker and checks each answer: a proper envelope
 * with a known code, never `INTERNAL`, never over its reply budget, never hung, nothing created outside
 * `harness.root`. Every failure names the seed, the tool and the arguments (quoted short), so it can be replayed
 * with ORCAOPS_FUZZ_SEED.
 */
export async function fuzzTool(harness: { readonly invoker: Pick<Invoker, 'invoke'>; readonly root: string }, target: FuzzTarget, options: FuzzToolOptions): Promise<FuzzReport> {
  const failures: string[] = [];
  const codes = new Map<string, number>();
  const timings: Array<{ ms: number; code: string; label: string }> = [];
  const deadline = performance.now() + (options.budgetMs ?? Infinity);
  let index = 0;
  for (; index < options.cases && performance.now() < deadline; index++) {
    const generate = { strings: options.strings ?? [], hints: options.hints ?? {} };
    // Even cases sweep every string field with every class of hostile string (one seed for the whole sweep);
    // odd ones are random mutations, each with its own seed.
    const sweep = index % 2 === 0;
    const seed = deriveSeed(options.seed, target.name, sweep ? 'sweep' : index);
    const fuzzCase = sweep ? sweepArguments(target.schema, seed, index / 2, generate) : fuzzArguments(target.schema, seed, generate);
    const label = () => `seed ${options.seed} case ${index} (${sweep ? `sweep ${index / 2} of seed ${seed}` : `case seed ${seed}`}) ${target.name} ${describeValue(fuzzCase.args)} [${fuzzCase.mutations.join('; ')}]`;
    const watched = absentPaths(fuzzCase.args, harness.root);
    let outcome: ToolOutcome | 'hung';
    const started = performance.now();
    try {
      outcome = await withTimeout(harness.invoker.invoke(target.name, fuzzCase.args), options.callTimeoutMs ?? 60_000);
    } catch (error) {
      failures.push(`${label()}: invoke threw ${excerpt(error instanceof Error ? error.message : String(error))}`);
      continue;
    }
    if (outcome === 'hung') {
      failures.push(`${label()}: no answer within ${options.callTimeoutMs ?? 60_000} ms`);
      continue;
    }
    const code = outcome.ok ? 'ok' : String(outcome.error?.code);
    timings.push({ ms: Math.round(performance.now() - started), code, label: label() });
    timings.sort((a, b) => b.ms - a.ms).splice(3);
    codes.set(code, (codes.get(code) ?? 0) + 1);
    // INTERNAL, an unknown code, a malformed envelope, a reply over its budget.
    for (const problem of outcomeProblems(outcome, fuzzCase.args)) failures.push(`${label()}: ${problem}`);
    for (const path of createdPaths(watched)) failures.push(`${label()}: created ${describeValue(path)} outside the temporary directory`);
  }
  return { failures, cases: index, codes, slowest: timings };
}

/** The start of a message, escaped, for a failure line. */
function excerpt(text: string, maxChars = 300): string {
  return JSON.stringify(text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`);
}

