/**
 * The Sandboxes view as pure projections of tool outputs: `orcaops_list_sandboxes` as a table and
 * `orcaops_get_sandbox` as a summary with one row per service container and the published endpoints. Outputs are
 * read through the schemas the tools publish (@orcaops/contracts), narrowed to the fields shown, so a drifted field
 * is reported as unexpected output instead of drawn as a blank.
 */
import { FittedSandboxView, ListSandboxesOutput, SandboxContainerView, SandboxRow as SandboxRowSchema, StopSandboxOutput } from '@orcaops/contracts';
import type { StyledLine } from './job-format.js';
import { readOutput, type OutputRead } from './read-output.js';
import { NONE } from './result-format.js';
import { styledTable, type Column, type StyledTable } from './table-format.js';

/** Sandbox states (`unknown` when the engine could not be asked), coloured. */
export const SANDBOX_COLORS: Readonly<Record<string, string>> = {
  stopped: 'gray',
  starting: 'yellow',
  running: 'green',
  unhealthy: 'red',
  partial: 'magenta',
  exited: 'red',
  unknown: 'gray',
};

/** Container states and health verdicts, coloured (shared with the Containers view). */
export const CONTAINER_COLORS: Readonly<Record<string, string>> = {
  running: 'green',
  created: 'blue',
  paused: 'yellow',
  restarting: 'yellow',
  removing: 'magenta',
  exited: 'gray',
  dead: 'red',
  healthy: 'green',
  starting: 'yellow',
  unhealthy: 'red',
};

/** States that change on their own soon (health checks pending): the views read them again quickly. */
export function isSettling(status: string): boolean {
  return status === 'starting';
}

// ---------------------------------------------------------------------------------------------------------------
// The list

/** One row of `orcaops_list_sandboxes`. */
export interface SandboxRow {
  readonly name: string;
  readonly template: string | null;
  readonly status: string;
  readonly running: number;
  readonly containers: number;
  readonly directory: string;
}

export interface SandboxList {
  readonly rows: readonly SandboxRow[];
  /** Why the states are unknown, when the engine could not be asked. */
  readonly engineError: string | null;
}

const ShownSandboxList = ListSandboxesOutput.pick({ sandboxes: true, engine_error: true }).extend({
  sandboxes: SandboxRowSchema.pick({ name: true, template: true, status: true, running: true, containers: true, directory: true }).array(),
});

/** `orcaops_list_sandboxes`: the rows and why their states are unknown, if they are. */
export function readSandboxList(data: Record<string, unknown>): OutputRead<SandboxList> {
  const read = readOutput(ShownSandboxList, data, 'orcaops_list_sandboxes');
  return read.ok ? { ok: true, value: { rows: read.value.sandboxes, engineError: read.value.engine_error || null } } : read;
}

const SANDBOX_COLUMNS: readonly Column<SandboxRow>[] = [
  { title: 'name', cell: (row) => row.name },
  { title: 'status', cell: (row) => row.status, color: (row) => SANDBOX_COLORS[row.status] },
  { title: 'running', cell: (row) => `${row.running}/${row.containers}` },
  { title: 'template', cell: (row) => row.template ?? NONE },
  { title: 'directory', cell: (row) => row.directory },
];

export function sandboxTable(rows: readonly SandboxRow[], selected: number): StyledTable {
  return styledTable(SANDBOX_COLUMNS, rows, selected);
}

// ---------------------------------------------------------------------------------------------------------------
// One sandbox

export interface ServiceContainer {
  readonly service: string;
  /** Null for a declared service that has no container (not created yet). */
  readonly name: string | null;
  readonly state: string;
  readonly health: string | null;
  readonly status: string;
  readonly ports: readonly string[];
}

export interface SandboxDetail {
  readonly name: string;
  readonly template: string | null;
  readonly directory: string;
  readonly composeFile: string;
  readonly status: string;
  readonly services: readonly ServiceContainer[];
  readonly serviceCount: number;
  readonly endpoints: ReadonlyArray<{ readonly service: string; readonly containerPort: number | null; readonly address: string }>;
}

const ShownSandbox = FittedSandboxView.pick({ name: true, template: true, directory: true, compose_file: true, status: true, endpoints: true }).extend({
  services: FittedSandboxView.shape.services.element
    .pick({ name: true })
    .extend({ containers: SandboxContainerView.pick({ name: true, state: true, health: true, status: true, ports: true }).array() })
    .array(),
});

/** `orcaops_get_sandbox` (and `orcaops_start_sandbox`, which answers the same way). */
export function readSandbox(data: Record<string, unknown>, tool = 'orcaops_get_sandbox'): OutputRead<SandboxDetail> {
  const read = readOutput(ShownSandbox, data, tool);
  if (!read.ok) return read;
  const sandbox = read.value;
  return {
    ok: true,
    value: {
      name: sandbox.name,
      template: sandbox.template || null,
      directory: sandbox.directory,
      composeFile: sandbox.compose_file,
      status: sandbox.status,
      serviceCount: sandbox.services.length,
      services: sandbox.services.flatMap((service): ServiceContainer[] => {
        if (service.containers.length === 0) return [{ service: service.name, name: null, state: 'not created', health: null, status: '', ports: [] }];
        return service.containers.map((container) => ({ service: service.name, ...container, health: container.health || null }));
      }),
      endpoints: sandbox.endpoints.map((endpoint) => ({ service: endpoint.service, containerPort: endpoint.container_port, address: endpoint.address })),
    },
  };
}

const SERVICE_COLUMNS: readonly Column<ServiceContainer>[] = [
  { title: 'service', cell: (row) => row.service },
  { title: 'container', cell: (row) => row.name ?? NONE, max: 40 },
  { title: 'state', cell: (row) => row.state, color: (row) => (row.name === null ? 'gray' : CONTAINER_COLORS[row.state]) },
  { title: 'health', cell: (row) => row.health ?? NONE, color: (row) => (row.health ? CONTAINER_COLORS[row.health] : undefined) },
  { title: 'ports', cell: (row) => (row.ports.length === 0 ? NONE : row.ports.join(', ')) },
];

/** The summary: name, status, template and directory; each service's containers; the endpoints to connect to. */
export function sandboxLines(sandbox: SandboxDetail): StyledLine[] {
  const lines: StyledLine[] = [
    [
      { text: sandbox.name, bold: true },
      { text: '  ' },
      { text: sandbox.status, bold: true, ...(SANDBOX_COLORS[sandbox.status] ? { color: SANDBOX_COLORS[sandbox.status]! } : {}) },
      { text: `  template ${sandbox.template ?? `${NONE} (registered compose project)`}`, dim: true },
    ],
    [{ text: `${sandbox.directory}${sandbox.composeFile ? ` · ${sandbox.composeFile}` : ''}`, dim: true }],
    [],
  ];
  if (sandbox.services.length === 0) {
    lines.push([{ text: 'services  ', bold: true }, { text: `${NONE} (none declared)`, dim: true }]);
  } else {
    const table = styledTable(SERVICE_COLUMNS, sandbox.services, -1);
    lines.push([{ text: `services (${sandbox.serviceCount})`, bold: true }], table.header, ...table.rows);
  }
  lines.push([]);
  if (sandbox.endpoints.length === 0) {
    lines.push([{ text: 'endpoints  ', bold: true }, { text: `${NONE} (none published${sandbox.status === 'stopped' ? '; s starts the sandbox' : ''})`, dim: true }]);
  } else {
    lines.push([{ text: `endpoints (${sandbox.endpoints.length})`, bold: true }]);
    const width = Math.max(...sandbox.endpoints.map((endpoint) => endpoint.service.length));
    for (const endpoint of sandbox.endpoints) {
      lines.push([
        { text: `  ${endpoint.service.padEnd(width)}  ` },
        { text: endpoint.address, color: 'cyan' },
        { text: endpoint.containerPort === null ? '' : `  → port ${endpoint.containerPort}`, dim: true },
      ]);
    }
  }
  return lines;
}

/** One line for a successful start: state and where to connect. */
export function startSummary(data: Record<string, unknown>): string {
  const read = readSandbox(data, 'orcaops_start_sandbox');
  if (!read.ok) return read.problem;
  const sandbox = read.value;
  const endpoints = sandbox.endpoints.map((endpoint) => `${endpoint.service} ${endpoint.address}`);
  return `Started ${sandbox.name}: ${sandbox.status}${endpoints.length > 0 ? ` · ${endpoints.join(' · ')}` : ''}`;
}

const ShownStop = StopSandboxOutput.pick({ containers_removed: true, volumes_removed: true }).extend({ sandbox: StopSandboxOutput.shape.sandbox.pick({ name: true }) });

/** One line for a successful stop. */
export function stopSummary(data: Record<string, unknown>): string {
  const read = readOutput(ShownStop, data, 'orcaops_stop_sandbox');
  if (!read.ok) return read.problem;
  const { sandbox, containers_removed: removed, volumes_removed: volumes } = read.value;
  return `Stopped ${sandbox.name}: ${removed} container${removed === 1 ? '' : 's'} removed, volumes ${volumes ? 'deleted' : 'kept'}`;
}
