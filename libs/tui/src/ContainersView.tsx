import { useMemo, useRef, useState } from 'react';
import { Box, Text, type Key } from 'ink';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { ActionPanel, actionPanelRows } from './ActionPanel.js';
import { removeContainer, stopContainer, type ContainerTarget } from './container-actions.js';
import {
  containerLogArgs,
  containerLogLines,
  containerTable,
  isContainerActive,
  isContainerSettling,
  logHeading,
  readContainers,
  readLogInfo,
  type ContainerRow,
  type LogInfo,
} from './container-format.js';
import { ErrorView } from './ErrorView.js';
import { formatInterval } from './job-format.js';
import { FilterLine, filterRows } from './FilterLine.js';
import { KeyHints, actionHintMode } from './KeyHints.js';
import { useFilter } from './useFilter.js';
import { LogPane } from './LogPane.js';
import { IDLE_FACTOR } from './RunList.js';
import { StyledLines } from './StyledLines.js';
import { TableWindow } from './TableWindow.js';
import type { ResourceViewProps } from './types.js';
import { useConfirmedAction } from './useConfirmedAction.js';
import { usePolledTool, type PollState } from './usePolledTool.js';
import { useScrollWindow } from './useScrollWindow.js';
import { useSelection } from './useSelection.js';
import { useViewKeys } from './useViewKeys.js';

export const LIST_CONTAINERS_TOOL = 'orcaops_list_containers';
export const CONTAINER_LOGS_TOOL = 'orcaops_get_container_logs';
const INSPECT_CONTAINER_TOOL = 'orcaops_inspect_container';
/** Rows above the body: the title and a blank. */
const TITLE_ROWS = 2;

/**
 * The containers on the engine (`orcaops_list_containers`; running ones, or all with `a`), and one container's
 * logs (`orcaops_get_container_logs`, stdout and stderr marked apart, following new output while it runs). `x`
 * stops and `d` removes the selected or open container, each after a confirmation (removing a running one offers
 * force, and the anonymous volumes); `i` opens the inspect form for it.
 */
export function ContainersView({ invoker, tools, refreshMs, height, onBack, openForm }: ResourceViewProps) {
  const action = useConfirmedAction(invoker, tools);
  const acting = action.state.kind === 'running';
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState<ContainerTarget | null>(null);
  const live = useRef({ acting, all, open: null as ContainerTarget | null });
  live.current.acting = acting;
  // Read again at once when an action starts and when it ends, then quickly while it runs.
  const generation = acting ? 1 : 0;
  const pace = (busy: boolean) => (busy || live.current.acting ? refreshMs : refreshMs * IDLE_FACTOR);

  const listTool = tools.has(LIST_CONTAINERS_TOOL);
  const list = usePolledTool(
    invoker,
    listTool ? { name: LIST_CONTAINERS_TOOL, args: { all } } : null,
    (outcome) => {
      const read = outcome.ok ? readContainers(outcome.data) : null;
      return read === null ? null : pace(read.ok && read.value.rows.some(isContainerSettling));
    },
    generation,
  );
  const listRead = list.status === 'done' && list.outcome.ok ? readContainers(list.outcome.data) : null;
  const { rows: listed, total, truncated } = listRead?.ok ? listRead.value : { rows: [], total: 0, truncated: false };
  const filter = useFilter();
  const rows = filter.apply(listed, (row) => [row.id, row.name, row.image, row.state, row.status, ...row.ports]);
  const selection = useSelection(rows, (row) => row.id);

  // A stopped container writes nothing more: its logs are read once (and again after an action).
  const logs = usePolledTool(
    invoker,
    open === null ? null : { name: CONTAINER_LOGS_TOOL, args: containerLogArgs(open.id) },
    (outcome: ToolOutcome) => {
      const read = outcome.ok ? readLogInfo(outcome.data) : null;
      return read !== null && ((read.ok && isContainerActive(read.value.state)) || live.current.acting) ? refreshMs : null;
    },
    generation,
  );
  const logData = logs.status === 'done' && logs.outcome.ok ? logs.outcome.data : null;
  const lines = useMemo(() => (logData ? containerLogLines(logData) : []), [logData]);
  // The open container as the list last saw it, else as the logs last saw it.
  const openRow = open === null ? null : (rows.find((row) => row.id === open.id) ?? null);
  const logRead = useMemo(() => (logData ? readLogInfo(logData) : null), [logData]);
  const logInfo = logRead?.ok ? logRead.value : null;
  const heading = [...openHeading(open, openRow, logInfo), ...logHeading(logInfo)];
  const bodyHeight = height === undefined ? undefined : Math.max(3, height - TITLE_ROWS - actionPanelRows(action.state) - (open === null ? filterRows(filter) : 0));
  const scroller = useScrollWindow(lines.length, bodyHeight === undefined ? undefined : Math.max(3, bodyHeight - heading.length), { pinToEnd: true });

  const openContainer = (target: ContainerTarget | null) => {
    live.current.open = target;
    setOpen(target);
    scroller.reset();
  };
  /** The container an action is for: the open one (in its latest known state), or the selected row. */
  const target = (): ContainerTarget | null => {
    const opened = live.current.open;
    if (opened === null) return selection.current();
    const fresh = rows.find((row) => row.id === opened.id);
    const state = fresh?.state ?? (logInfo?.state ?? opened.state);
    return { ...opened, state };
  };
  const handleKey = (input: string, key: Key): boolean => {
    if (action.handleKey(input, key)) return true;
    // The filter is the list's: the logs' keys are their own.
    if (live.current.open === null && filter.handleKey(input, key)) return true;
    const opened = live.current.open;
    if (key.escape || key.backspace || key.delete) {
      if (opened === null) {
        onBack();
        return false;
      }
      openContainer(null);
      return true;
    }
    const chosen = target();
    // Opening a form leaves this view: false, so that the rest of a burst is not taken as this view's keys.
    if (input === 'i' && chosen && openForm && tools.has(INSPECT_CONTAINER_TOOL)) {
      openForm(INSPECT_CONTAINER_TOOL, { container_id: chosen.id });
      return false;
    }
    if (input === 'x' && chosen) action.request(stopContainer(chosen));
    else if (input === 'd' && chosen) {
      // A removed container has no logs to show any more: back to the list.
      action.request(
        removeContainer(chosen, (outcome) => {
          if (outcome.ok && live.current.open?.id === chosen.id) openContainer(null);
        }),
      );
    } else if (opened !== null) scroller.scroll(input, key);
    else if (input === 'a') {
      live.current.all = !live.current.all;
      setAll(live.current.all);
    } else if (!selection.moveKey(input, key) && key.return && chosen) openContainer({ id: chosen.id, name: chosen.name, state: chosen.state });
    return true;
  };
  useViewKeys(handleKey);

  const scope = all ? 'all' : 'running only';
  const count = rows.length === 0 ? '' : truncated ? ` · newest ${rows.length} of ${total}` : ` · ${rows.length}`;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>Containers</Text>
        <Text dimColor>{open === null ? `  ${LIST_CONTAINERS_TOOL} · ${scope}${count}` : `  ${CONTAINER_LOGS_TOOL} · ${open.name}`}</Text>
        {(acting || rows.some(isContainerSettling)) && <Text color="yellow">{`  ↻ refreshing every ${formatInterval(refreshMs)}`}</Text>}
      </Text>
      <Box marginTop={1} flexDirection="column">
        {open !== null ? (
          <Box flexDirection="column">
            <StyledLines lines={heading} />
            <LogPane logs={logs} lines={lines} window={scroller.window} />
          </Box>
        ) : !listTool ? (
          <Text color="yellow">{`${LIST_CONTAINERS_TOOL} is not loaded (the containers plugin), so there is nothing to list. Run orcaops_system_info to see which plugins failed.`}</Text>
        ) : (
          <>
          <FilterLine filter={filter} shown={rows.length} total={listed.length} />
          <List poll={list} problem={listRead && !listRead.ok ? listRead.problem : null} rows={rows} all={all} selected={selection.index} height={bodyHeight} filtered={listed.length > rows.length} />
          </>
        )}
      </Box>
      <ActionPanel state={action.state} />
      {/* The footer, drawn here (where the App draws it for other views) because the keys depend on this view's state. */}
      <Box marginTop={1}>
        <KeyHints mode={filter.typing && open === null ? 'filter' : actionHintMode(open === null ? 'containers' : 'container', action.state)} />
      </Box>
    </Box>
  );
}

/** The open container: name, id and state, then image, status, health and ports when the list has it. */
function openHeading(open: ContainerTarget | null, row: ContainerRow | null, logInfo: LogInfo | null) {
  if (open === null) return [];
  const state = row?.state ?? logInfo?.state ?? open.state;
  const first = [
    { text: open.name, bold: true },
    { text: `  ${open.id}  `, dim: true },
    { text: state, bold: true, ...(isContainerActive(state) ? { color: 'green' } : {}) },
    ...(row?.health ? [{ text: `  ${row.health}` }] : []),
  ];
  const second = row ? [{ text: [row.image, row.status, ...row.ports].join(' · '), dim: true }] : [];
  return [first, second, []];
}

interface ListProps {
  readonly poll: PollState;
  /** Why the list could not be read, when the tool answered what its schema does not allow. */
  readonly problem: string | null;
  readonly rows: readonly ContainerRow[];
  readonly all: boolean;
  readonly selected: number;
  readonly height: number | undefined;
  /** True when the filter hides some containers. */
  readonly filtered: boolean;
}

function List({ poll, problem, rows, all, selected, height, filtered }: ListProps) {
  if (poll.status === 'loading') return <Text dimColor>loading containers…</Text>;
  if (!poll.outcome.ok) return <ErrorView error={poll.outcome.error} />;
  if (problem !== null) return <Text color="yellow">{problem}</Text>;
  if (rows.length === 0 && filtered) return <Text dimColor>No container matches the filter.</Text>;
  if (rows.length === 0) return <Text>{all ? 'No containers on this engine.' : 'No running containers. a lists stopped ones too.'}</Text>;
  return (
    <Box flexDirection="column">
      <TableWindow table={containerTable(rows, selected)} keys={rows.map((row) => row.id)} selected={selected} height={height === undefined ? undefined : height - 2} />
      {rows.some((row) => row.managed) && <Text dimColor>◆ created by OrcaOps</Text>}
    </Box>
  );
}
