import { useMemo, useRef, useState } from 'react';
import { Box, Text, type Key } from 'ink';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { ActionPanel, actionPanelRows } from './ActionPanel.js';
import { ErrorView } from './ErrorView.js';
import { formatInterval, isActive, logArgs, logLines, readJob, readStatus, summaryLines, unexpectedLines, type StepInfo, type StyledLine } from './job-format.js';
import { useViewKeys } from './useViewKeys.js';
import { LogPane } from './LogPane.js';
import { StyledLines } from './StyledLines.js';
import { actionHintMode, KeyHints } from './KeyHints.js';
import type { TuiInvoker, TuiTool } from './types.js';
import { useConfirmedAction, type ActionSpec } from './useConfirmedAction.js';
import { usePolledTool } from './usePolledTool.js';
import { useScrollWindow } from './useScrollWindow.js';

export interface RunDetailProps {
  readonly invoker: TuiInvoker;
  /** The catalog's tools by name: whether `orcaops_cancel_job` is loaded, and its annotations. */
  readonly tools: ReadonlyMap<string, TuiTool>;
  readonly jobId: string;
  /** How often to ask again while the job is queued or running. */
  readonly refreshMs: number;
  /** Rows available, or undefined for "as many as needed". */
  readonly height?: number;
  readonly onBack: () => void;
}

export const STATUS_TOOL = 'orcaops_get_job_status';
export const LOGS_TOOL = 'orcaops_get_job_logs';
const CANCEL_TOOL = 'orcaops_cancel_job';
/** The log pane keeps at least this many rows, however long the summary. */
const MIN_LOG_ROWS = 3;

/** Both tools answer with the job's status; either keeps refreshing while the job can still change. */
const jobActive = (outcome: ToolOutcome) => outcome.ok && isActive(readStatus(outcome.data));

/**
 * One run: its summary from `orcaops_get_job_status` (status, image, timing, error and suggestion, steps,
 * artifacts) and its logs from `orcaops_get_job_logs`, for the whole job or the step chosen with ←→, both
 * refreshed while the job is queued or running. The logs follow the end as output arrives until scrolled up.
 * `c` cancels a queued or running job, after a confirmation.
 */
export function RunDetail({ invoker, tools, jobId, refreshMs, height, onBack }: RunDetailProps) {
  const action = useConfirmedAction(invoker, tools);
  const [step, setStep] = useState<number | null>(null);
  const whileActive = (outcome: ToolOutcome) => (jobActive(outcome) ? refreshMs : null);
  // A running job's "running for" moves on with every answer, even an unchanged one.
  const status = usePolledTool(invoker, { name: STATUS_TOOL, args: { job_id: jobId } }, whileActive, 0, (outcome) => outcome.ok && isActive(readStatus(outcome.data)));
  const logs = usePolledTool(invoker, { name: LOGS_TOOL, args: logArgs(jobId, step) }, whileActive);

  const read = status.status === 'done' && status.outcome.ok ? readJob(status.outcome.data) : null;
  const job = read?.ok ? read.value : null;
  const summary: StyledLine[] = job ? summaryLines(job, step, status.status === 'done' ? status.at : Date.now()) : read && !read.ok ? unexpectedLines(read.problem) : [];
  if (job && isActive(job.status) && summary[0]) summary[0] = [...summary[0], { text: `  ↻ refreshing every ${formatInterval(refreshMs)}`, color: 'yellow' }];
  const lines = useMemo(() => (logs.status === 'done' && logs.outcome.ok ? logLines(logs.outcome.data) : []), [logs]);
  // The footer is drawn here (its keys depend on the action): one row and a margin, plus the action panel.
  const chrome = 2 + actionPanelRows(action.state);
  const scroller = useScrollWindow(lines.length, height === undefined ? undefined : Math.max(MIN_LOG_ROWS, height - summary.length - chrome), { pinToEnd: true });

  // Keys of one burst are handled before the next render, so they read and move the step choice here.
  const live = useRef({ step, steps: [] as readonly StepInfo[], active: false });
  live.current.steps = job?.steps ?? [];
  live.current.active = job !== null && isActive(job.status);

  const choose = (next: number | null) => {
    live.current.step = next;
    setStep(next);
    scroller.reset();
  };
  const handleKey = (input: string, key: Key): boolean => {
    if (action.handleKey(input, key)) return true;
    if (key.escape || key.backspace || key.delete) {
      onBack();
      return false;
    }
    if (input === 'c') {
      // Only a queued or running job can be cancelled; the footer offers c only then.
      if (live.current.active) action.request(cancelJob(jobId));
      return true;
    }
    if (key.leftArrow || key.rightArrow) {
      const { steps } = live.current;
      if (steps.length === 0) return true;
      // Positions: -1 is the whole job, then each step.
      const at = live.current.step === null ? -1 : steps.findIndex((candidate) => candidate.index === live.current.step);
      const to = key.rightArrow ? Math.min(steps.length - 1, at + 1) : Math.max(-1, at - 1);
      if (to !== at) choose(to === -1 ? null : steps[to]!.index);
      return true;
    }
    scroller.scroll(input, key);
    return true;
  };
  // Esc and Enter leave this view; the rest of a burst is not meant for it.
  useViewKeys(handleKey);

  const footer = (
    <Box marginTop={1}>
      <KeyHints mode={actionHintMode(job && isActive(job.status) ? 'activeJob' : 'job', action.state)} />
    </Box>
  );
  if (status.status === 'loading') {
    return (
      <Box flexDirection="column">
        <Text dimColor>{`loading ${jobId}…`}</Text>
        {footer}
      </Box>
    );
  }
  if (!status.outcome.ok) {
    return (
      <Box flexDirection="column">
        <Text bold>{jobId}</Text>
        <Box marginTop={1}>
          <ErrorView error={status.outcome.error} />
        </Box>
        {footer}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <StyledLines lines={summary} />
      <LogPane logs={logs} lines={lines} window={scroller.window} />
      <ActionPanel state={action.state} />
      {footer}
    </Box>
  );
}

function cancelJob(jobId: string): ActionSpec {
  return {
    tool: CANCEL_TOOL,
    args: { job_id: jobId },
    confirm: { question: `Cancel job ${jobId}?`, detail: 'Its container is stopped at once; the output so far is kept.', verb: 'cancel' },
    doing: `Cancelling job ${jobId}`,
    // orcaops_cancel_job answers with the job view: its status, read through the contract schema.
    summary: (data) => `Job ${jobId} is ${readStatus(data) || 'cancelled'}.`,
  };
}
