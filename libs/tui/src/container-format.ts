/**
 * The Containers view as pure projections of tool outputs: `orcaops_list_containers` as a table and
 * `orcaops_get_container_logs` as log lines, each marked with its stream.
 */
import { outputLines, type StyledLine } from './job-format.js';
import { numberOrNull, records, strings, text, textOrNull } from './read-fields.js';
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

export function readContainers(data: Record<string, unknown>): ContainerList {
  const rows = records(data['containers']).map((row) => ({
    id: text(row['id']),
    name: text(row['name']),
    image: text(row['image']),
    state: text(row['state']),
    status: text(row['status']),
    health: textOrNull(row['health']),
    ports: strings(row['ports']),
    managed: row['managed'] === true,
  }));
  return { rows, total: numberOrNull(data['total']) ?? rows.length, truncated: data['truncated'] === true };
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

export function readLogInfo(data: Record<string, unknown>): LogInfo {
  const lines = records(data['lines']);
  return {
    id: text(data['id']),
    name: text(data['name']),
    state: text(data['state']),
    lineCount: lines.length,
    bytes: numberOrNull(data['bytes']) ?? 0,
    truncated: data['truncated'] === true,
  };
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
  return records(data['lines']).map((line): StyledLine => {
    const stream = line['stream'] === 'stderr' ? 'stderr' : 'stdout';
    const body = outputLines(text(line['text'])).join(' ');
    const stamp = textOrNull(line['timestamp']);
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

/** One line for a successful stop. */
export function stopContainerSummary(data: Record<string, unknown>): string {
  const exit = numberOrNull(data['exit_code']);
  const what = data['was_running'] === true ? `now ${text(data['state'])}${exit === null ? '' : ` (exit ${exit})`}` : `was not running (${text(data['previous_state'])})`;
  return `Stopped ${text(data['name'])} (${text(data['id'])}): ${what}`;
}

/** One line for a successful removal. */
export function removeContainerSummary(data: Record<string, unknown>): string {
  const extras = [data['was_running'] === true ? 'killed first (force)' : '', data['volumes_removed'] === true ? 'anonymous volumes deleted' : ''].filter(Boolean);
  return `Removed ${text(data['name'])} (${text(data['id'])})${extras.length > 0 ? `: ${extras.join(', ')}` : ''}`;
}
