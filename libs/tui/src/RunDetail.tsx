import { useMemo, useRef, useState } from 'react';
import { Box, Text, type Key } from 'ink';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { ErrorView } from './ErrorView.js';
import { formatInterval, isActive, logArgs, logLines, readJob, summaryLines, type StepInfo, type StyledLine } from './job-format.js';
import { useViewKeys } from './useViewKeys.js';
import { LogPane } from './LogPane.js';
import { StyledLines } from './StyledLines.js';
import type { TuiInvoker } from './types.js';
import { usePolledTool } from './usePolledTool.js';
import { useScrollWindow } from './useScrollWindow.js';

export interface RunDetailProps {
  readonly invoker: TuiInvoker;
  readonly jobId: string;
  /** How often to ask again while the job is queued or running. */
  readonly refreshMs: number;
  /** Rows available, or undefined for "as many as needed". */
  readonly height?: number;
  readonly onBack: () => void;
}

export const STATUS_TOOL = 'orcaops_get_job_status';
export const LOGS_TOOL = 'orcaops_get_job_logs';
/** The log pane keeps at least this many rows, however long the summary. */
const MIN_LOG_ROWS = 3;

/** Both tools answer with the job's status; either keeps refreshing while the job can still change. */
const jobActive = (outcome: ToolOutcome) => outcome.ok && isActive(String(outcome.data['status'] ?? ''));

/**
 * One run: its summary from `orcaops_get_job_status` (status, image, timing, error and suggestion, steps,
 * artifacts) and its logs from `orcaops_get_job_logs`, for the whole job or the step chosen with ←→, both
 * refreshed while the job is queued or running. The logs follow the end as output arrives until scrolled up.
 */
export function RunDetail({ invoker, jobId, refreshMs, height, onBack }: RunDetailProps) {
  const [step, setStep] = useState<number | null>(null);
  const whileActive = (outcome: ToolOutcome) => (jobActive(outcome) ? refreshMs : null);
  const status = usePolledTool(invoker, { name: STATUS_TOOL, args: { job_id: jobId } }, whileActive);
  const logs = usePolledTool(invoker, { name: LOGS_TOOL, args: logArgs(jobId, step) }, whileActive);

  const job = status.status === 'done' && status.outcome.ok ? readJob(status.outcome.data) : null;
  const summary: StyledLine[] = job ? summaryLines(job, step, status.status === 'done' ? status.at : Date.now()) : [];
  if (job && isActive(job.status) && summary[0]) summary[0] = [...summary[0], { text: `  ↻ refreshing every ${formatInterval(refreshMs)}`, color: 'yellow' }];
  const lines = useMemo(() => (logs.status === 'done' && logs.outcome.ok ? logLines(logs.outcome.data) : []), [logs]);
  const scroller = useScrollWindow(lines.length, height === undefined ? undefined : Math.max(MIN_LOG_ROWS, height - summary.length), { pinToEnd: true });

  // Keys of one burst are handled before the next render, so they read and move the step choice here.
  const live = useRef({ step, steps: [] as readonly StepInfo[] });
  live.current.steps = job?.steps ?? [];

  const choose = (next: number | null) => {
    live.current.step = next;
    setStep(next);
    scroller.reset();
  };
  const handleKey = (input: string, key: Key): boolean => {
    if (key.escape || key.backspace || key.delete) {
      onBack();
      return false;
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

  if (status.status === 'loading') return <Text dimColor>{`loading ${jobId}…`}</Text>;
  if (!status.outcome.ok) {
    return (
      <Box flexDirection="column">
        <Text bold>{jobId}</Text>
        <Box marginTop={1}>
          <ErrorView error={status.outcome.error} />
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <StyledLines lines={summary} />
      <LogPane logs={logs} lines={lines} window={scroller.window} />
    </Box>
  );
}
