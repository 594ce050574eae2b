import { Box, Text, type Key } from 'ink';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { ActionPanel, actionPanelRows } from './ActionPanel.js';
import { ErrorView } from './ErrorView.js';
import { FilterLine, filterRows } from './FilterLine.js';
import { formatInterval, isActive, readRuns, runTable, type RunRow } from './job-format.js';
import { KeyHints, actionHintMode } from './KeyHints.js';
import type { OutputRead } from './read-output.js';
import { deleteRun } from './run-actions.js';
import { useViewKeys } from './useViewKeys.js';
import { TableWindow } from './TableWindow.js';
import type { TuiInvoker, TuiTool } from './types.js';
import { useConfirmedAction } from './useConfirmedAction.js';
import { useFilter } from './useFilter.js';
import { usePolledTool, type PollState } from './usePolledTool.js';
import { useSelection } from './useSelection.js';

export interface RunListProps {
  readonly invoker: TuiInvoker;
  /** `orcaops_list_runs` or `orcaops_list_jobs`, whichever the catalog has; null when neither is loaded. */
  readonly tool: string | null;
  /** The catalog's tools by name: whether orcaops_delete_run is loaded, and its annotations (it is confirmed). */
  readonly tools: ReadonlyMap<string, TuiTool>;
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
/** Rows above the table: the title and a blank; then the table header. (The App counts the footer's rows.) */
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
 * not move the selection), Enter opens, `d` deletes the selected run after a confirmation, `/` filters, Esc goes
 * back. A failed call is not repeated; reopening the view asks again.
 */
export function RunList({ invoker, tool, tools, refreshMs, height, initialJobId = null, onOpen, onBack }: RunListProps) {
  const action = useConfirmedAction(invoker, tools);
  const filter = useFilter();
  // An action's end reads the list again at once (the deleted run leaves it).
  const generation = action.state.kind === 'running' ? 1 : 0;
  const poll = usePolledTool(
    invoker,
    tool ? { name: tool, args: { limit: RUN_LIST_LIMIT } } : null,
    (outcome) => (!outcome.ok ? null : anyActive(outcome) ? refreshMs : refreshMs * IDLE_FACTOR),
    generation,
    anyActive,
  );
  const read = poll.status === 'done' && poll.outcome.ok ? readRuns(poll.outcome.data) : null;
  const all: readonly RunRow[] = read?.ok ? read.value : [];
  const rows = filter.apply(all, (row) => [row.job_id, row.status, row.image]);
  const selection = useSelection(rows, (row) => row.job_id, initialJobId);

  const handleKey = (input: string, key: Key): boolean => {
    if (action.handleKey(input, key) || filter.handleKey(input, key)) return true;
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
    if (input === 'd' && current) action.request(deleteRun(current.job_id));
    return true;
  };
  // Esc and Enter leave this view; the rest of a burst is not meant for it.
  useViewKeys(handleKey);

  const refreshing = all.some((row) => isActive(row.status));
  const tableHeight = height === undefined ? undefined : Math.max(2, height - CHROME_ROWS - filterRows(filter) - actionPanelRows(action.state));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>Jobs</Text>
        <Text dimColor>{tool ? `  ${tool}${all.length > 0 ? ` · ${all.length} most recent, newest first` : ''}` : ''}</Text>
        {refreshing && <Text color="yellow">{`  ↻ refreshing every ${formatInterval(refreshMs)}`}</Text>}
      </Text>
      <Box marginTop={1} flexDirection="column">
        <FilterLine filter={filter} shown={rows.length} total={all.length} />
        <Body tool={tool} poll={poll} read={read} rows={rows} filtered={all.length > rows.length} selected={selection.index} height={tableHeight} />
      </Box>
      <ActionPanel state={action.state} />
      {/* Drawn here: the keys depend on the prompt, the action and the filter. */}
      <Box marginTop={1}>
        <KeyHints mode={filter.typing ? 'filter' : actionHintMode('jobs', action.state)} />
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
  /** True when the filter hides some runs. */
  readonly filtered: boolean;
  readonly selected: number;
  readonly height: number | undefined;
}

/** Whatever the list tool answered: the table, "no runs yet", the failure with its suggestion, or an output it could not read. */
function Body({ tool, poll, read, rows, filtered, selected, height }: BodyProps) {
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
  if (rows.length === 0 && filtered) return <Text dimColor>No run matches the filter.</Text>;
  if (rows.length === 0) {
    return (
      <Text>
        No runs yet. Start one with:{' '}
        <Text color="cyan">{`orcaops call orcaops_run_job '{"image":"alpine:3","commands":["echo hello"]}'`}</Text>
      </Text>
    );
  }
  return <TableWindow table={runTable(rows, selected, poll.at)} keys={rows.map((row) => row.job_id)} selected={selected} height={height} />;
}
