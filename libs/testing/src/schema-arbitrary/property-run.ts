import * as fc from 'fast-check';
import type { JsonSchemaNode } from '../schema-fuzz/fuzz-arguments.js';
import { describeValue } from '../schema-fuzz/describe-value.js';
import { deriveSeed } from '../schema-fuzz/random.js';
import { absentPaths, createdPaths } from '../schema-fuzz/stray-writes.js';
import { fuzzCallArbitrary, type FuzzCall, type FuzzCallOptions } from './fuzz-call.js';
import { withTimeout } from '../with-timeout.js';

/** What a call through the host under test answered: its code (`ok` for a success) and what is wrong with it. */
export interface CallAnswer {
  readonly code: string;
  readonly problems: readonly string[];
}

/** Options of {@link fuzzToolProperty}. */
export interface PropertyFuzzOptions extends FuzzCallOptions {
  /** The run's base seed (ORCAOPS_FUZZ_SEED): each tool runs from its own seed derived from it and its name. */
  readonly seed: number;
  /** Cases to run, unless the time limit comes first. */
  readonly numRuns: number;
  /** When to stop starting cases (shrinking a failure included); the cases run are the first ones of the seed. */
  readonly timeLimitMs: number;
  /** Longest one call may take: longer is a hang, and fails. */
  readonly callTimeoutMs: number;
  /** A fast-check replay path (from a failure message), to run just that case and its shrinks. */
  readonly path?: string | undefined;
  /** The directory calls may write in: a path named in the arguments outside it that appears during the call fails. */
  readonly root?: string;
}

/** What fuzzing one tool found. */
export interface PropertyFuzzReport {
  readonly name: string;
  /** The tool's fast-check seed. */
  readonly seed: number;
  /** Cases run (shrinking not counted). */
  readonly runs: number;
  readonly ms: number;
  /** Answer codes of the cases run, `ok` for a success. */
  readonly codes: ReadonlyMap<string, number>;
  /** Cases valid by the schema, and how many of them got past validation into the tool. */
  readonly valid: number;
  readonly validPastValidation: number;
  /** The shrunk failing case, with its replay instructions; undefined when every case passed. */
  readonly failure?: string;
}

/**
 * Runs fast-check cases of a tool's arguments ({@link fuzzCallArbitrary}) through `call`, which makes the call
 * through the host under test and checks the answer. A case fails when `call` reports problems, throws, takes
 * longer than `callTimeoutMs`, or creates a path named in its arguments outside `root`. The first failure is
 * shrunk, and reported with the seed and the replay path.
 */
export async function fuzzToolProperty(target: { readonly name: string; readonly schema: JsonSchemaNode }, call: (args: unknown) => Promise<CallAnswer>, options: PropertyFuzzOptions): Promise<PropertyFuzzReport> {
  const seed = deriveSeed(options.seed, 'fast-check', target.name) | 0;
  const codes = new Map<string, number>();
  let valid = 0;
  let validPastValidation = 0;
  let failing = false;
  const property = fc.asyncProperty(fuzzCallArbitrary(target.schema, options), async (fuzzCall: FuzzCall) => {
    const watched = options.root ? absentPaths(fuzzCall.args, options.root) : [];
    let answer: CallAnswer | 'hung';
    try {
      answer = await withTimeout(call(fuzzCall.args), options.callTimeoutMs);
    } catch (error) {
      throw failed(`the call threw ${describeValue(error instanceof Error ? error.message : error)}`);
    }
    if (answer === 'hung') throw failed(`no answer within ${options.callTimeoutMs} ms`);
    // Shrinking re-runs cases: count only the first pass.
    if (!failing) {
      codes.set(answer.code, (codes.get(answer.code) ?? 0) + 1);
      if (fuzzCall.mutation === null) {
        valid++;
        if (answer.code !== 'VALIDATION_ERROR') validPastValidation++;
      }
    }
    const problems = [...answer.problems, ...createdPaths(watched).map((path) => `created ${describeValue(path)} outside the temporary directory`)];
    if (problems.length > 0) throw failed(problems.join('; '));
  });
  function failed(message: string): Error {
    failing = true;
    return new Error(message);
  }
  const started = performance.now();
  const base = { seed, ...(options.path ? { path: options.path } : {}) };
  // The first case runs to its end whatever the time share (a hang is still caught by callTimeoutMs): fast-check
  // counts a check interrupted before any case as failed, which a slow tool (one that runs compose) would hit on a
  // loaded machine. The timed check that follows starts again from the same first case.
  const first = await fc.check(property, { ...base, numRuns: 1 });
  const rest = !first.failed && options.numRuns > 1 ? await fc.check(property, { ...base, numRuns: options.numRuns, plugins: [fc.interruptAfterTimeLimit(options.timeLimitMs)] }) : null;
  const details = rest ?? first;
  // Time running out is not a failure; a case that failed leaves a counterexample.
  const propertyFailed = rest ? rest.failed && !(rest.interrupted && rest.counterexample === null) : first.failed;
  const ms = Math.round(performance.now() - started);
  const report = { name: target.name, seed, runs: Math.max(first.numRuns, details.numRuns), ms, codes, valid, validPastValidation };
  if (!propertyFailed) return report;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? 'interrupted before any case passed');
  const replay = `ORCAOPS_FUZZ_SEED=${options.seed} ORCAOPS_FUZZ_TOOL=${target.name} ORCAOPS_FUZZ_PATH=${details.counterexamplePath ?? ''}`;
  const found = details.counterexample as readonly [FuzzCall] | null;
  const counterexample = found ? fc.stringify(found[0]) : '(none)';
  return { ...report, failure: `${target.name}: ${error.slice(0, 1000)}\n  arguments: ${counterexample}\n  after ${details.numRuns} cases and ${details.numShrinks} shrinks (fast-check seed ${seed}); replay with ${replay}` };
}

/** One line about a tool's run: cases, time, how many valid cases got past validation, the answer codes. */
export function describePropertyReport(report: PropertyFuzzReport): string {
  const codes = [...report.codes].sort(([, a], [, b]) => b - a).map(([code, count]) => `${code} ${count}`);
  return `${report.name}: ${report.runs} cases in ${report.ms} ms, ${report.validPastValidation}/${report.valid} valid ones past validation (${codes.join(', ')})`;
}
