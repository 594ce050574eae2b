import { Text } from 'ink';
import { ErrorView } from './ErrorView.js';
import type { StyledLine } from './job-format.js';
import { LinesWindow, type ScrollWindow } from './ResultLines.js';
import { StyledLineView } from './StyledLines.js';
import type { PollState } from './usePolledTool.js';

export interface LogPaneProps {
  /** The latest `orcaops_get_job_logs` answer. */
  readonly logs: PollState;
  /** Its lines (`logLines`), computed by the owner, which also scrolls them. */
  readonly lines: readonly StyledLine[];
  readonly window: ScrollWindow;
}

/** The selected logs, scrolled; or that they are loading; or why they could not be read. */
export function LogPane({ logs, lines, window }: LogPaneProps) {
  if (logs.status === 'loading') return <Text dimColor>loading logs…</Text>;
  if (!logs.outcome.ok) return <ErrorView error={logs.outcome.error} />;
  if (lines.length === 0) return <Text dimColor>no output</Text>;
  return <LinesWindow lines={lines} window={window} render={(line) => <StyledLineView line={line} />} />;
}
