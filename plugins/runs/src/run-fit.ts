import { z } from 'zod';
import { REPLY_HEADROOM_BYTES, fitItems, fitText, replyWireBytes, toOutputText, type ReplyBudget } from '@orcaops/plugin-api';
import { addedWireBytes, stepTextFitter, focusSteps, shareBudget, type FittedStepTexts, type GetRunOutput, type RunCutSchema, type RunRecord, type StepRecord } from '@orcaops/contracts';

/** Most of the room left after the fixed part that each part may take; the steps take the rest. */
const SPEC_SHARE = 0.2;
const ARTIFACTS_SHARE = 0.15;
const SKIPPED_SHARE = 0.05;
/** Of the steps' room, what their commands and tails keep at least (when they need it) against more step rows. */
const STEP_TEXT_SHARE = 0.4;
const MAX_PASSES = 4;
const PASS_MARGIN_BYTES = 64;

/** A stored run as orcaops_get_run returns it under the call's reply budget, leaving the envelope its room. */
export function getRunReply(record: RunRecord, reply: ReplyBudget, stepOffset: number): GetRunOutput {
  return fitRun(record, Math.max(0, reply.limit - REPLY_HEADROOM_BYTES), stepOffset);
}

/**
 * A stored run as orcaops_get_run returns it, costing at most `budgetBytes` on the wire (`replyWireBytes`). The
 * fixed part (ids, status, timing, error, cleanup, labels, the shape of the spec) comes first; then, each within
 * a share of what is left, the spec's strings (start kept), the artifacts and the skipped patterns (first ones
 * kept); then the steps from `stepOffset`, as many as fit with their commands (start kept) and tails (end kept,
 * shown as text, failing and last steps first). What was left out is said in `cut`.
 */
export function fitRun(record: RunRecord, budgetBytes: number, stepOffset: number): GetRunOutput {
  const spec = specStrings(record.spec);
  const page = record.steps.slice(stepOffset);
  const fixed = assemble(record, { spec: spec.rebuild(spec.strings.map(() => '')), cutChars: 0, cutStrings: 0 }, [], emptyTexts([]), [], [], budgetBytes, stepOffset);
  const room = budgetBytes - replyWireBytes(fixed);
  const fittedSpec = fitSpec(spec, room * SPEC_SHARE);
  const artifacts = fitList(record.artifacts, room * ARTIFACTS_SHARE);
  const skipped = fitList(record.artifacts_skipped, room * SKIPPED_SHARE);
  const stepRoom = room - addedWireBytes(fittedSpec.spec, spec.rebuild(spec.strings.map(() => ''))) - addedWireBytes(artifacts, []) - addedWireBytes(skipped, []);
  const textReserve = Math.min(stepRoom * STEP_TEXT_SHARE, textNeed(page));
  const rows = fitItems(page, Math.max(0, stepRoom - textReserve) + replyWireBytes([]), (kept) => kept.map(emptyStep), Math.min(1, page.length)).kept;
  const shown = page.slice(0, rows);
  const fitTexts = stepTextFitter(shown, focusSteps(record.steps));
  let textBudget = stepRoom - addedWireBytes(shown.map(emptyStep), []);
  let reply = assemble(record, fittedSpec, shown, fitTexts(textBudget), artifacts, skipped, budgetBytes, stepOffset);
  for (let pass = 1; pass < MAX_PASSES; pass++) {
    const over = replyWireBytes(reply) - budgetBytes;
    if (over <= 0 || textBudget <= 0) break;
    textBudget -= over + PASS_MARGIN_BYTES;
    reply = assemble(record, fittedSpec, shown, fitTexts(textBudget), artifacts, skipped, budgetBytes, stepOffset);
  }
  return reply;
}

interface FittedSpec {
  readonly spec: Record<string, unknown>;
  readonly cutStrings: number;
  readonly cutChars: number;
}

/** The string values of a spec, in walk order, and a way to put others in their places. */
function specStrings(spec: Record<string, unknown>): { strings: string[]; rebuild: (values: readonly string[]) => Record<string, unknown> } {
  const strings: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(spec);
  const rebuild = (values: readonly string[]) => {
    let next = 0;
    const replace = (value: unknown): unknown => {
      if (typeof value === 'string') return values[next++];
      if (Array.isArray(value)) return value.map(replace);
      if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replace(item)]));
      return value;
    };
    return replace(spec) as Record<string, unknown>;
  };
  return { strings, rebuild };
}

/** The spec with its strings sharing `bytes` equally (short ones whole), each cut keeping its start. */
function fitSpec(spec: ReturnType<typeof specStrings>, bytes: number): FittedSpec {
  const shares = shareBudget(spec.strings.map((text) => ({ need: addedWireBytes(text), weight: 1 })), bytes);
  const fitted = spec.strings.map((text, at) => fitText(text, shares[at]! + replyWireBytes(''), 'start'));
  return {
    spec: spec.rebuild(fitted.map((text) => text.text)),
    cutStrings: fitted.filter((text) => text.cutChars > 0).length,
    cutChars: fitted.reduce((sum, text) => sum + text.cutChars, 0),
  };
}

/** The longest prefix of `items` that adds at most `bytes` to a reply where `[]` stood. */
function fitList<T>(items: readonly T[], bytes: number): T[] {
  return [...fitItems(items, Math.max(0, bytes) + replyWireBytes([]), (kept) => kept).reply];
}

function emptyStep(step: StepRecord): StepRecord {
  return { ...step, command: '', stdout: { ...step.stdout, tail: '' }, stderr: { ...step.stderr, tail: '' } };
}

/** What the steps' commands and tails, whole and shown as text, would add to a reply. */
function textNeed(steps: readonly StepRecord[]): number {
  return steps.reduce(
    (sum, step) => sum + addedWireBytes(step.command) + addedWireBytes(toOutputText(step.stdout.tail).text) + addedWireBytes(toOutputText(step.stderr.tail).text),
    0,
  );
}

function emptyTexts(steps: readonly StepRecord[]): FittedStepTexts {
  const empty = { text: '', cut: false, replaced: 0 };
  return { steps: steps.map(() => ({ command: '', commandCutChars: 0, stdout: empty, stderr: empty })), commandsCut: 0, tailsCut: 0, replaced: 0 };
}

function assemble(
  record: RunRecord,
  spec: FittedSpec,
  steps: readonly StepRecord[],
  fitted: FittedStepTexts,
  artifacts: RunRecord['artifacts'],
  skipped: RunRecord['artifacts_skipped'],
  budgetBytes: number,
  stepOffset: number,
): GetRunOutput {
  const end = Math.min(record.steps.length, stepOffset + steps.length);
  const nextOffset = end < record.steps.length ? end : null;
  const cut = {
    limit_bytes: budgetBytes,
    spec_strings_cut: spec.cutStrings,
    spec_chars_cut: spec.cutChars,
    commands_cut: fitted.commandsCut,
    tails_cut: fitted.tailsCut,
    artifacts_omitted: record.artifacts.length - artifacts.length,
    artifacts_skipped_omitted: record.artifacts_skipped.length - skipped.length,
  };
  const anyCut = nextOffset !== null || Object.entries(cut).some(([key, count]) => key !== 'limit_bytes' && count > 0);
  return {
    run: {
      ...record,
      spec: spec.spec,
      steps: steps.map((step, at) => {
        const shown = fitted.steps[at]!;
        return {
          ...step,
          command: shown.command,
          stdout: { ...step.stdout, tail: shown.stdout.text, tail_truncated: step.stdout.tail_truncated || shown.stdout.cut },
          stderr: { ...step.stderr, tail: shown.stderr.text, tail_truncated: step.stderr.tail_truncated || shown.stderr.cut },
        };
      }),
      artifacts,
      artifacts_skipped: skipped,
    },
    steps_total: record.steps.length,
    steps_next_offset: nextOffset,
    artifacts_total: record.artifacts.length,
    artifacts_skipped_total: record.artifacts_skipped.length,
    ...(fitted.replaced > 0 ? { output_replaced: fitted.replaced } : {}),
    ...(anyCut ? { cut: { ...cut, suggestion: suggestion(record.job_id, cut, nextOffset) } } : {}),
  };
}

function suggestion(jobId: string, cut: Omit<z.infer<typeof RunCutSchema>, 'suggestion'>, nextOffset: number | null): string {
  const parts: string[] = [];
  if (nextOffset !== null) {
    parts.push(`More steps: orcaops_get_run with step_offset ${nextOffset}; orcaops_get_job_status shows every step in brief.`);
  }
  if (cut.tails_cut > 0) parts.push(`A step's whole output: orcaops_get_job_logs with job_id ${jobId} and its step.`);
  if (cut.artifacts_omitted + cut.artifacts_skipped_omitted > 0) {
    parts.push(`Every artifact and skipped pattern: orcaops_list_artifacts with job_id ${jobId} (offset and limit page the files).`);
  }
  if (cut.spec_strings_cut + cut.commands_cut > 0) {
    parts.push(`Long spec strings and commands are shown from their start; the stored record ($ORCAOPS_HOME/runs/${jobId}/record.json) has them whole.`);
  }
  return parts.join(' ');
}
