import { fitItems, replyWireBytes } from '@orcaops/plugin-api';
import { VIEW_ARTIFACTS, addedWireBytes, jobExitCode, stepTextFitter, type FittedStepTexts, type JobViewData, type RunRecord } from '@orcaops/contracts';

/** Most of the room left after the fixed part that each artifact list may take. */
const ARTIFACTS_SHARE = 0.15;
const SKIPPED_SHARE = 0.1;
/** Refits when the fields only a cut adds (counts, notes) took more than the first measure allowed for. */
const MAX_PASSES = 4;
const PASS_MARGIN_BYTES = 64;

type Artifact = JobViewData['artifacts'][number];
type Skipped = JobViewData['artifacts_skipped'][number];

/**
 * A job's record as its view (plus the tool's `extra` fields), costing at most `budgetBytes` on the wire as
 * `replyWireBytes` counts it. The fixed part (ids, status, timing, error, cleanup, labels, one row per step)
 * comes first; then at most {@link VIEW_ARTIFACTS} artifacts and the skipped patterns, each list within a share;
 * then the steps' commands (start kept) and output tails (end kept, shown as text, failing and last steps first)
 * share the rest (`stepTextFitter`). What was left out is said in `cut`. Only a fixed part over the budget on its
 * own (e.g. thousands of labels) is left to the invoker's generic cut.
 */
export function fitJobView<E extends Record<string, unknown>>(record: RunRecord, budgetBytes: number, extra: E = {} as E): JobViewData & E {
  const artifacts = record.artifacts.map(({ path, size, sha256 }) => ({ path, size, sha256 }));
  const room = budgetBytes - replyWireBytes(assemble(record, extra, emptySteps(record), [], [], budgetBytes));
  const shown = fitList(artifacts.slice(0, VIEW_ARTIFACTS), room * ARTIFACTS_SHARE);
  const skipped = fitList(record.artifacts_skipped, room * SKIPPED_SHARE);
  const fitTexts = stepTextFitter(record.steps);
  let textBudget = room - addedWireBytes(shown, []) - addedWireBytes(skipped, []);
  let view = assemble(record, extra, fitTexts(textBudget), shown, skipped, budgetBytes);
  for (let pass = 1; pass < MAX_PASSES; pass++) {
    const over = replyWireBytes(view) - budgetBytes;
    if (over <= 0 || textBudget <= 0) break;
    textBudget -= over + PASS_MARGIN_BYTES;
    view = assemble(record, extra, fitTexts(textBudget), shown, skipped, budgetBytes);
  }
  return view;
}

/** The longest prefix of `items` that adds at most `bytes` to a reply where `[]` stood. */
function fitList<T>(items: readonly T[], bytes: number): T[] {
  return [...fitItems(items, Math.max(0, bytes) + replyWireBytes([]), (kept) => kept).reply];
}

/** Steps with empty commands and tails: the fixed part of the view. */
function emptySteps(record: RunRecord): FittedStepTexts {
  const empty = { text: '', cut: false, replaced: 0 };
  return { steps: record.steps.map(() => ({ command: '', commandCutChars: 0, stdout: empty, stderr: empty })), commandsCut: 0, tailsCut: 0, replaced: 0 };
}

function assemble<E extends Record<string, unknown>>(
  record: RunRecord,
  extra: E,
  fitted: FittedStepTexts,
  artifacts: Artifact[],
  skipped: Skipped[],
  budgetBytes: number,
): JobViewData & E {
  const cut = {
    limit_bytes: budgetBytes,
    commands_cut: fitted.commandsCut,
    tails_cut: fitted.tailsCut,
    artifacts_omitted: record.artifacts.length - artifacts.length,
    artifacts_skipped_omitted: record.artifacts_skipped.length - skipped.length,
  };
  const anyCut = cut.commands_cut + cut.tails_cut + cut.artifacts_omitted + cut.artifacts_skipped_omitted > 0;
  return {
    job_id: record.job_id,
    status: record.status,
    image: record.image,
    exit_code: jobExitCode(record.steps),
    created_at: record.created_at,
    started_at: record.started_at,
    finished_at: record.finished_at,
    duration_ms: record.duration_ms,
    container_id: record.container_id,
    steps: record.steps.map((step, at) => {
      const shown = fitted.steps[at]!;
      return {
        index: step.index,
        command: shown.command,
        ...(shown.commandCutChars > 0 ? { command_cut_chars: shown.commandCutChars } : {}),
        status: step.status,
        exit_code: step.exit_code,
        duration_ms: step.duration_ms,
        stdout_tail: shown.stdout.text,
        stderr_tail: shown.stderr.text,
        output_truncated: step.stdout.tail_truncated || step.stderr.tail_truncated || shown.stdout.cut || shown.stderr.cut,
      };
    }),
    artifacts,
    artifacts_total: record.artifacts.length,
    artifacts_skipped: skipped,
    artifacts_skipped_total: record.artifacts_skipped.length,
    ...(fitted.replaced > 0 ? { output_replaced: fitted.replaced } : {}),
    error: record.error,
    cleanup: record.cleanup,
    labels: record.labels,
    ...(anyCut ? { cut: { ...cut, suggestion: suggestion(record.job_id, cut) } } : {}),
    ...extra,
  };
}

function suggestion(jobId: string, cut: { commands_cut: number; tails_cut: number; artifacts_omitted: number; artifacts_skipped_omitted: number }): string {
  const parts: string[] = [];
  if (cut.tails_cut > 0) {
    parts.push(`A step's whole output: orcaops_get_job_logs with job_id ${jobId} and its step (tail_lines, or offset and max_bytes to page).`);
  }
  if (cut.artifacts_omitted + cut.artifacts_skipped_omitted > 0) {
    parts.push(`Every artifact and skipped pattern: orcaops_list_artifacts with job_id ${jobId} (offset and limit page the files).`);
  }
  if (cut.commands_cut > 0) parts.push('Long commands are shown from their start (they are the job\'s own input).');
  return parts.join(' ');
}
