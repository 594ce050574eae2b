import { Box, Text, type Key } from 'ink';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { ErrorView } from './ErrorView.js';
import { formatInterval, isActive, readRuns, runTable, type RunRow } from './job-format.js';
import type { OutputRead } from './read-output.js';
import { useViewKeys } from './useViewKeys.js';
import { TableWindow } from './TableWindow.js';
import type { TuiInvoker } from './types.js';
import { usePolledTool, type PollState } from './usePolledTool.js';
import { useSelection } from './useSelection.js';

export interface RunListProps {
  readonly invoker: TuiInvoker;
  /** `orcaops_list_runs` or `orcaops_list_jobs`, whichever the catalog has; null when neither is loaded. */
  readonly tool: string | null;
  /** How often to ask again while a job is queued or running; {@link IDLE_FACTOR} times that otherwise. */
  readonly refreshMs: number;
  /** Rows available, or undefined for "as many as needed". */
  readonly height?: number;
  /** The run to select first (the one last opened). */
  readonly initialJobId?: string | null;
  readonly onOpen: (jobId: string) => void;
  readonly onBack: () => void;
}

/** How many runs to ask for. */
export const RUN_LIST_LIMIT = 50;
/** Rows above the table: the title and a blank; then the table header. */
const CHROME_ROWS = 3;
/**
 * With nothing running the list is still read now and then (every 10 s by default), so that jobs started
 * elsewhere (an agent over MCP, another terminal) show up.
 */
export const IDLE_FACTOR = 5;

const anyActive = (outcome: ToolOutcome) => {
  const read = outcome.ok ? readRuns(outcome.data) : null;
  return read !== null && read.ok && read.value.some((row) => isActive(row.status));
};

/**
 * Recent runs, newest first, as a table; refreshed every `refreshMs` while any is queued or running, and
 * {@link IDLE_FACTOR} times less often otherwise. ↑↓ j k select (by job id, so a new run arriving on top does
 * not move the selection), Enter opens, Esc goes back. A failed call is not repeated; reopening the view asks again.
 */
export function RunList({ invoker, tool, refreshMs, height, initialJobId = null, onOpen, onBack }: RunListProps) {
  const poll = usePolledTool(invoker, tool ? { name: tool, args: { limit: RUN_LIST_LIMIT } } : null, (outcome) =>
    !outcome.ok ? null : anyActive(outcome) ? refreshMs : refreshMs * IDLE_FACTOR,
  );
  const read = poll.status === 'done' && poll.outcome.ok ? readRuns(poll.outcome.data) : null;
  const rows: readonly RunRow[] = read?.ok ? read.value : [];
  const selection = useSelection(rows, (row) => row.job_id, initialJobId);

  const handleKey = (input: string, key: Key): boolean => {
    if (key.escape || key.backspace || key.delete) {
      onBack();
      return false;
    }
    if (selection.moveKey(input, key)) return true;
    const current = selection.current();
    if (key.return && current) {
      onOpen(current.job_id);
      return false;
    }
    return true;
  };
  // Esc and Enter leave this view; the rest of a burst is not meant for it.
  useViewKeys(handleKey);

  const refreshing = rows.some((row) => isActive(row.status));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>Jobs</Text>
        <Text dimColor>{tool ? `  ${tool}${rows.length > 0 ? ` · ${rows.length} most recent, newest first` : ''}` : ''}</Text>
        {refreshing && <Text color="yellow">{`  ↻ refreshing every ${formatInterval(refreshMs)}`}</Text>}
      </Text>
      <Box marginTop={1} flexDirection="column">
        <Body tool={tool} poll={poll} read={read} rows={rows} selected={selection.index} height={height} />
      </Box>
    </Box>
  );
}

interface BodyProps {
  readonly tool: string | null;
  readonly poll: PollState;
  /** The list as read, or null before an answer and after a failed call. */
  readonly read: OutputRead<readonly RunRow[]> | null;
  readonly rows: readonly RunRow[];
  readonly selected: number;
  readonly height: number | undefined;
}

/** Whatever the list tool answered: the table, "no runs yet", the failure with its suggestion, or an output it could not read. */
function Body({ tool, poll, read, rows, selected, height }: BodyProps) {
  if (tool === null) {
    return (
      <Text color="yellow">
        Neither orcaops_list_runs nor orcaops_list_jobs is loaded, so there is nothing to list. Run orcaops_system_info to see which plugins failed.
      </Text>
    );
  }
  if (poll.status === 'loading') return <Text dimColor>loading runs…</Text>;
  if (!poll.outcome.ok) return <ErrorView error={poll.outcome.error} />;
  if (read && !read.ok) return <Text color="yellow">{read.problem}</Text>;
  if (rows.length === 0) {
    return (
      <Text>
        No runs yet. Start one with:{' '}
        <Text color="cyan">{`orcaops call orcaops_run_job '{"image":"alpine:3","commands":["echo hello"]}'`}</Text>
      </Text>
    );
  }
  return (
    <TableWindow
      table={runTable(rows, selected, poll.at)}
      keys={rows.map((row) => row.job_id)}
      selected={selected}
      height={height === undefined ? undefined : height - CHROME_ROWS}
    />
  );
}
