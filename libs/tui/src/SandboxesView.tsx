import { useMemo, useRef, useState } from 'react';
import { Box, Text, type Key } from 'ink';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { ActionPanel, actionPanelRows } from './ActionPanel.js';
import { ErrorView } from './ErrorView.js';
import { formatInterval, unexpectedLines } from './job-format.js';
import { FilterLine, filterRows } from './FilterLine.js';
import { KeyHints, actionHintMode } from './KeyHints.js';
import { useFilter } from './useFilter.js';
import { LinesWindow } from './ResultLines.js';
import { IDLE_FACTOR } from './RunList.js';
import { startSandbox, stopSandbox } from './sandbox-actions.js';
import { isSettling, readSandbox, readSandboxList, sandboxLines, sandboxTable } from './sandbox-format.js';
import { StyledLineView } from './StyledLines.js';
import { TableWindow } from './TableWindow.js';
import type { ResourceViewProps } from './types.js';
import { useConfirmedAction } from './useConfirmedAction.js';
import { usePolledTool, type PollState } from './usePolledTool.js';
import { useScrollWindow } from './useScrollWindow.js';
import { useSelection } from './useSelection.js';
import { useViewKeys } from './useViewKeys.js';

export const LIST_SANDBOXES_TOOL = 'orcaops_list_sandboxes';
export const GET_SANDBOX_TOOL = 'orcaops_get_sandbox';
const CREATE_SANDBOX_TOOL = 'orcaops_create_sandbox';
const EXEC_IN_SANDBOX_TOOL = 'orcaops_exec_in_sandbox';
/** Rows above the body: the title and a blank. */
const TITLE_ROWS = 2;

/**
 * The sandboxes (`orcaops_list_sandboxes`) with their state, and one sandbox (`orcaops_get_sandbox`): each service's
 * containers with state, health and ports, and the endpoints to connect to. Both are read again every
 * {@link IDLE_FACTOR} × `refreshMs`, and every `refreshMs` while a sandbox is starting or an action runs. `s`
 * starts and `x` (or `t`) stops the selected or open sandbox, each after a confirmation; a start shows compose's
 * progress messages while it runs. `n` opens the form to create a sandbox, `e` the form to run a command in the
 * selected or open one.
 */
export function SandboxesView({ invoker, tools, refreshMs, height, onBack, openForm }: ResourceViewProps) {
  const action = useConfirmedAction(invoker, tools);
  const acting = action.state.kind === 'running';
  const live = useRef({ acting, open: null as string | null });
  live.current.acting = acting;
  const [open, setOpen] = useState<string | null>(null);
  // Read again at once when an action starts and when it ends, then quickly while it runs.
  const generation = acting ? 1 : 0;
  const pace = (busy: boolean) => (busy || live.current.acting ? refreshMs : refreshMs * IDLE_FACTOR);

  const listTool = tools.has(LIST_SANDBOXES_TOOL);
  const list = usePolledTool(
    invoker,
    listTool ? { name: LIST_SANDBOXES_TOOL, args: {} } : null,
    (outcome) => {
      const read = outcome.ok ? readSandboxList(outcome.data) : null;
      return read === null ? null : pace(read.ok && read.value.rows.some((row) => isSettling(row.status)));
    },
    generation,
  );
  const listRead = list.status === 'done' && list.outcome.ok ? readSandboxList(list.outcome.data) : null;
  const { rows: all, engineError } = listRead?.ok ? listRead.value : { rows: [], engineError: null };
  const filter = useFilter();
  const rows = filter.apply(all, (row) => [row.name, row.status, row.template, row.directory]);
  const selection = useSelection(rows, (row) => row.name);

  const detail = usePolledTool(
    invoker,
    open === null ? null : { name: GET_SANDBOX_TOOL, args: { name: open } },
    (outcome: ToolOutcome) => {
      const read = outcome.ok ? readSandbox(outcome.data) : null;
      return read === null ? null : pace(read.ok && isSettling(read.value.status));
    },
    generation,
  );
  const shown = useMemo(() => (detail.status === 'done' && detail.outcome.ok ? readSandbox(detail.outcome.data) : null), [detail]);
  const lines = useMemo(() => (shown === null ? [] : shown.ok ? sandboxLines(shown.value) : unexpectedLines(shown.problem)), [shown]);
  const bodyHeight = height === undefined ? undefined : Math.max(3, height - TITLE_ROWS - actionPanelRows(action.state) - (open === null ? filterRows(filter) : 0));
  const scroller = useScrollWindow(lines.length, bodyHeight);

  const openSandbox = (name: string | null) => {
    live.current.open = name;
    setOpen(name);
    scroller.reset();
  };
  const handleKey = (input: string, key: Key): boolean => {
    if (action.handleKey(input, key)) return true;
    // The filter is the list's: an open sandbox's keys are its own.
    if (live.current.open === null && filter.handleKey(input, key)) return true;
    const opened = live.current.open;
    if (key.escape || key.backspace || key.delete) {
      if (opened === null) {
        onBack();
        return false;
      }
      openSandbox(null);
      return true;
    }
    const target = opened ?? selection.current()?.name ?? null;
    // Opening a form leaves this view: false, so that the rest of a burst is not taken as this view's keys.
    if (input === 'n' && openForm && tools.has(CREATE_SANDBOX_TOOL)) {
      openForm(CREATE_SANDBOX_TOOL);
      return false;
    }
    if (input === 'e' && target !== null && openForm && tools.has(EXEC_IN_SANDBOX_TOOL)) {
      openForm(EXEC_IN_SANDBOX_TOOL, { name: target });
      return false;
    }
    if (input === 's' && target !== null) action.request(startSandbox(target));
    else if ((input === 'x' || input === 't') && target !== null) action.request(stopSandbox(target));
    else if (opened !== null) scroller.scroll(input, key);
    else if (!selection.moveKey(input, key) && key.return && target !== null) openSandbox(target);
    return true;
  };
  useViewKeys(handleKey);

  const settling = acting || (open === null ? rows.some((row) => isSettling(row.status)) : shown !== null && shown.ok && isSettling(shown.value.status));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>Sandboxes</Text>
        <Text dimColor>{open === null ? `  ${LIST_SANDBOXES_TOOL}${rows.length > 0 ? ` · ${rows.length}` : ''}` : `  ${GET_SANDBOX_TOOL} · ${open}`}</Text>
        {settling && <Text color="yellow">{`  ↻ refreshing every ${formatInterval(refreshMs)}`}</Text>}
      </Text>
      <Box marginTop={1} flexDirection="column">
        {open !== null ? (
          <Detail poll={detail} lines={lines} window={scroller.window} />
        ) : !listTool ? (
          <Text color="yellow">{`${LIST_SANDBOXES_TOOL} is not loaded (the sandboxes plugin), so there is nothing to list. Run orcaops_system_info to see which plugins failed.`}</Text>
        ) : (
          <>
          <FilterLine filter={filter} shown={rows.length} total={all.length} />
          <List poll={list} problem={listRead && !listRead.ok ? listRead.problem : null} engineError={engineError} table={sandboxTable(rows, selection.index)} names={rows.map((row) => row.name)} selected={selection.index} height={bodyHeight} filtered={all.length > rows.length} />
          </>
        )}
      </Box>
      <ActionPanel state={action.state} />
      {/* The footer, drawn here (where the App draws it for other views) because the keys depend on this view's state. */}
      <Box marginTop={1}>
        <KeyHints mode={filter.typing && open === null ? 'filter' : actionHintMode(open === null ? 'sandboxes' : 'sandbox', action.state)} />
      </Box>
    </Box>
  );
}

interface ListProps {
  readonly poll: PollState;
  /** Why the list could not be read, when the tool answered what its schema does not allow. */
  readonly problem: string | null;
  readonly engineError: string | null;
  readonly table: ReturnType<typeof sandboxTable>;
  readonly names: readonly string[];
  readonly selected: number;
  readonly height: number | undefined;
  /** True when the filter hides some sandboxes. */
  readonly filtered: boolean;
}

function List({ poll, problem, engineError, table, names, selected, height, filtered }: ListProps) {
  if (poll.status === 'loading') return <Text dimColor>loading sandboxes…</Text>;
  if (!poll.outcome.ok) return <ErrorView error={poll.outcome.error} />;
  if (problem !== null) return <Text color="yellow">{problem}</Text>;
  const warning = engineError === null ? 0 : 1;
  return (
    <Box flexDirection="column">
      {engineError !== null && <Text color="yellow" wrap="truncate-end">{`! states unknown: ${engineError}`}</Text>}
      {names.length === 0 && filtered ? (
        <Text dimColor>No sandbox matches the filter.</Text>
      ) : names.length === 0 ? (
        <Text>
          No sandboxes yet. Create one with:{' '}
          <Text color="cyan">{`orcaops call orcaops_create_sandbox '{"template":"web-dev","name":"demo"}'`}</Text>
        </Text>
      ) : (
        <TableWindow table={table} keys={names} selected={selected} height={height === undefined ? undefined : height - 1 - warning} />
      )}
    </Box>
  );
}

function Detail({ poll, lines, window }: { readonly poll: PollState; readonly lines: ReturnType<typeof sandboxLines>; readonly window: ReturnType<typeof useScrollWindow>['window'] }) {
  if (poll.status === 'loading') return <Text dimColor>loading the sandbox…</Text>;
  if (!poll.outcome.ok) return <ErrorView error={poll.outcome.error} />;
  return <LinesWindow lines={lines} window={window} render={(line) => <StyledLineView line={line} />} />;
}
