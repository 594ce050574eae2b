/**
 * The Containers view as pure projections of tool outputs: `orcaops_list_containers` as a table and
 * `orcaops_get_container_logs` as log lines, each marked with its stream. Outputs are read through the schemas the
 * tools publish (@orcaops/contracts), narrowed to the fields shown.
 */
import { ContainerLogLine, ContainerLogsOutput, ContainerRow as ContainerRowSchema, ListContainersOutput, RemoveContainerOutput, StopContainerOutput } from '@orcaops/contracts';
import { outputLines, unexpectedLines, type StyledLine } from './job-format.js';
import { readOutput, type OutputRead } from './read-output.js';
import { NONE, formatBytes } from './result-format.js';
import { CONTAINER_COLORS } from './sandbox-format.js';
import { styledTable, type Column, type StyledTable } from './table-format.js';

/** One row of `orcaops_list_containers`. */
export interface ContainerRow {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly state: string;
  readonly status: string;
  readonly health: string | null;
  readonly ports: readonly string[];
  readonly managed: boolean;
}

export interface ContainerList {
  readonly rows: readonly ContainerRow[];
  /** How many matched, and whether the tool's limit left some out. */
  readonly total: number;
  readonly truncated: boolean;
}

const ShownContainers = ListContainersOutput.pick({ total: true, truncated: true }).extend({
  containers: ContainerRowSchema.pick({ id: true, name: true, image: true, state: true, status: true, health: true, ports: true, managed: true }).array(),
});

/** `orcaops_list_containers`: the rows, how many matched, and whether the page left some out. */
export function readContainers(data: Record<string, unknown>): OutputRead<ContainerList> {
  const read = readOutput(ShownContainers, data, 'orcaops_list_containers');
  return read.ok ? { ok: true, value: { rows: read.value.containers, total: read.value.total, truncated: read.value.truncated } } : read;
}

/** States whose processes exist: stopping ends them, and removing needs force. */
export function isContainerActive(state: string): boolean {
  return state === 'running' || state === 'paused' || state === 'restarting';
}

/** States that change on their own soon: the list is read again quickly while a container has one. */
export function isContainerSettling(row: Pick<ContainerRow, 'state' | 'health'>): boolean {
  return row.state === 'restarting' || row.state === 'removing' || row.health === 'starting';
}

const CONTAINER_COLUMNS: readonly Column<ContainerRow>[] = [
  { title: 'id', cell: (row) => row.id },
  { title: 'name', cell: (row) => `${row.name}${row.managed ? ' ◆' : ''}`, max: 28 },
  { title: 'image', cell: (row) => row.image, max: 28 },
  { title: 'state', cell: (row) => row.state, color: (row) => CONTAINER_COLORS[row.state] },
  // The engine's status line carries the health verdict ("Up 2 hours (healthy)"); its colour says it too.
  { title: 'status', cell: (row) => row.status, color: (row) => (row.health ? CONTAINER_COLORS[row.health] : undefined), max: 28 },
  { title: 'ports', cell: (row) => (row.ports.length === 0 ? NONE : row.ports.join(', ')) },
];

/** The table (the tool's own presentation columns); names of containers OrcaOps created are marked with ◆. */
export function containerTable(rows: readonly ContainerRow[], selected: number): StyledTable {
  return styledTable(CONTAINER_COLUMNS, rows, selected);
}

// ---------------------------------------------------------------------------------------------------------------
// Logs

/** What the log pane asks for: the last lines, at most this many bytes (the tool's default cap). */
export const CONTAINER_LOG_TAIL = 1000;
export const CONTAINER_LOG_MAX_BYTES = 64 * 1024;

export function containerLogArgs(containerId: string): Record<string, unknown> {
  return { container_id: containerId, tail: CONTAINER_LOG_TAIL, max_bytes: CONTAINER_LOG_MAX_BYTES };
}

/** What the logs answer says about the container and the slice. */
export interface LogInfo {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly lineCount: number;
  readonly bytes: number;
  readonly truncated: boolean;
}

const ShownLogs = ContainerLogsOutput.pick({ id: true, name: true, state: true, bytes: true, truncated: true }).extend({
  lines: ContainerLogLine.pick({ stream: true, text: true, timestamp: true }).array(),
});

function readLogs(data: Record<string, unknown>) {
  return readOutput(ShownLogs, data, 'orcaops_get_container_logs');
}

/** What `orcaops_get_container_logs` says about the container and the slice. */
export function readLogInfo(data: Record<string, unknown>): OutputRead<LogInfo> {
  const read = readLogs(data);
  if (!read.ok) return read;
  const { lines, ...info } = read.value;
  return { ok: true, value: { ...info, lineCount: lines.length } };
}

const STREAM_MARKS = {
  stdout: { text: 'out │ ', color: 'cyan' },
  stderr: { text: 'err │ ', color: 'red' },
} as const;

/**
 * The log lines, oldest first, each behind a gutter naming its stream (`out │`, `err │`, stderr in red too, so
 * the streams stay apart without colours). Control sequences are removed, as in the Jobs view.
 */
export function containerLogLines(data: Record<string, unknown>): StyledLine[] {
  const read = readLogs(data);
  if (!read.ok) return unexpectedLines(read.problem);
  return read.value.lines.map((line): StyledLine => {
    const stream = line.stream;
    const body = outputLines(line.text).join(' ');
    const stamp = line.timestamp || null;
    return [
      { text: STREAM_MARKS[stream].text, color: STREAM_MARKS[stream].color, dim: stream === 'stdout' },
      ...(stamp ? [{ text: `${stamp} `, dim: true }] : []),
      { text: body, ...(stream === 'stderr' ? { color: 'red' } : {}) },
    ];
  });
}

/** The heading above the logs: how much is shown, and a note when the cap dropped older lines. */
export function logHeading(info: LogInfo | null): StyledLine[] {
  if (info === null) return [[{ text: 'logs', bold: true }]];
  const heading: StyledLine = [
    { text: 'logs', bold: true },
    { text: ` · last ${info.lineCount} line${info.lineCount === 1 ? '' : 's'} · ${formatBytes(info.bytes)} · out │ stdout, err │ stderr`, dim: true },
  ];
  if (!info.truncated) return [heading];
  return [
    heading,
    [{ text: `truncated: older lines were dropped to keep the newest ${formatBytes(CONTAINER_LOG_MAX_BYTES)} (orcaops_get_container_logs takes max_bytes up to 1 MiB)`, color: 'yellow' }],
  ];
}

const ShownStop = StopContainerOutput.pick({ id: true, name: true, was_running: true, previous_state: true, state: true, exit_code: true });

/** One line for a successful stop. */
export function stopContainerSummary(data: Record<string, unknown>): string {
  const read = readOutput(ShownStop, data, 'orcaops_stop_container');
  if (!read.ok) return read.problem;
  const { id, name, was_running, previous_state, state, exit_code: exit } = read.value;
  const what = was_running ? `now ${state}${exit === null ? '' : ` (exit ${exit})`}` : `was not running (${previous_state})`;
  return `Stopped ${name} (${id}): ${what}`;
}

const ShownRemove = RemoveContainerOutput.pick({ id: true, name: true, was_running: true, volumes_removed: true });

/** One line for a successful removal. */
export function removeContainerSummary(data: Record<string, unknown>): string {
  const read = readOutput(ShownRemove, data, 'orcaops_remove_container');
  if (!read.ok) return read.problem;
  const { id, name, was_running, volumes_removed } = read.value;
  const extras = [was_running ? 'killed first (force)' : '', volumes_removed ? 'anonymous volumes deleted' : ''].filter(Boolean);
  return `Removed ${name} (${id})${extras.length > 0 ? `: ${extras.join(', ')}` : ''}`;
}
