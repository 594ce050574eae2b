/**
 * The dashboard's panels as styled lines (pure, tested without Ink): the engine's state from orcaops_system_info,
 * container readings from orcaops_get_container_stats, job progress from orcaops_get_job_status, sandboxes, and
 * how the rows of a fixed-height screen are shared between the panels. Every output is read through the schema
 * its tool publishes in @orcaops/contracts.
 */
import { ContainerStatsOutput, JobView, StepView, SystemInfoEngineView } from '@orcaops/contracts';
import type { ErrorPayload } from '@orcaops/plugin-api';
import { formatDuration, isActive, statusSegment, type Segment, type StyledLine } from './job-format.js';
import { readOutput, type OutputRead } from './read-output.js';
import { formatBytes } from './result-format.js';
import { SANDBOX_COLORS, type SandboxRow } from './sandbox-format.js';
import { styledTable, type StyledTable } from './table-format.js';

// ---------------------------------------------------------------------------------------------------------------
// Engine

export type EngineFacts = ReturnType<typeof SystemInfoEngineView.parse>['docker'];

export function readEngine(data: Record<string, unknown>): OutputRead<EngineFacts> {
  const read = readOutput(SystemInfoEngineView, data, 'orcaops_system_info');
  return read.ok ? { ok: true, value: read.value.docker } : read;
}

/** `● engine 27.3.1 · 4 CPUs · 7.6 GiB · 3 of 5 containers running`, or why it is unreachable. */
export function engineLine(engine: EngineFacts, refresh: string): StyledLine {
  if (!engine.available) {
    const why = engine.error ? `${engine.error.code}: ${engine.error.message}` : 'no answer';
    // The retry first: a long reason is what the terminal's width cuts.
    return [{ text: '✗ engine unreachable', color: 'red', bold: true }, { text: ` · retrying every ${refresh}`, dim: true }, { text: ` · ${why}` }];
  }
  const facts = [
    engine.server_version ? `Docker ${engine.server_version}` : null,
    engine.cpus !== undefined ? `${engine.cpus} CPUs` : null,
    engine.memory_bytes !== undefined ? formatBytes(engine.memory_bytes) : null,
    engine.containers ? `${engine.containers.running} of ${engine.containers.total} containers running` : null,
    engine.images !== undefined ? `${engine.images} images` : null,
  ].filter((fact): fact is string => fact !== null);
  return [{ text: '● engine up', color: 'green', bold: true }, { text: facts.length > 0 ? ` · ${facts.join(' · ')}` : '' }];
}

// ---------------------------------------------------------------------------------------------------------------
// Panels that could not be read

/** One line for a panel whose call failed; an unreachable engine says only that (the engine line says why). */
export function failureLine(error: ErrorPayload): StyledLine {
  if (error.code === 'DOCKER_UNAVAILABLE') return [{ text: 'engine unreachable; retrying', dim: true }];
  return [{ text: `✗ ${error.code}: `, color: 'red' }, { text: error.message }];
}

/** One line for a panel whose tool is not in the catalog (not loaded, denied, or left out in read-only mode). */
export function missingLine(tool: string): StyledLine {
  return [{ text: `${tool} is not available here (not loaded, or left out by the tool selection)`, dim: true }];
}

// ---------------------------------------------------------------------------------------------------------------
// Containers

export type StatsRow = ReturnType<typeof ContainerStatsOutput.parse>['containers'][number];

export function readStats(data: Record<string, unknown>): OutputRead<{ rows: readonly StatsRow[]; total: number }> {
  const read = readOutput(ContainerStatsOutput, data, 'orcaops_get_container_stats');
  return read.ok ? { ok: true, value: { rows: read.value.containers, total: read.value.total } } : read;
}

/** A bar of `width` cells for a percentage (100 fills it; more is clipped). */
export function bar(percent: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.round((percent / 100) * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

const loadColor = (percent: number) => (percent >= 90 ? 'red' : percent >= 50 ? 'yellow' : 'green');

/** Busiest first: the rows a short panel keeps are the ones worth seeing. */
export function statsTable(rows: readonly StatsRow[]): StyledTable {
  const sorted = [...rows].sort((a, b) => b.cpu_percent - a.cpu_percent || b.memory_bytes - a.memory_bytes);
  return styledTable<StatsRow>(
    [
      { title: 'container', cell: (row) => row.name, max: 28 },
      { title: 'cpu', cell: (row) => `${row.cpu_percent.toFixed(1)}%`, color: (row) => loadColor(row.cpu_percent) },
      { title: '', cell: (row) => bar(row.cpu_percent, 10), color: (row) => loadColor(row.cpu_percent) },
      { title: 'memory', cell: (row) => `${formatBytes(row.memory_bytes)} ${row.memory_percent.toFixed(0)}%`, color: (row) => loadColor(row.memory_percent) },
      { title: 'pids', cell: (row) => String(row.pids) },
    ],
    sorted,
    -1,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs

const ShownProgress = JobView.pick({ job_id: true, status: true, started_at: true, created_at: true }).extend({
  steps: StepView.pick({ index: true, status: true }).array(),
});
export type JobProgress = ReturnType<typeof ShownProgress.parse>;

export function readProgress(data: Record<string, unknown>): OutputRead<JobProgress> {
  return readOutput(ShownProgress, data, 'orcaops_get_job_status');
}

/** "step 2/3": the running step, or (between steps) the next one; null before the job has steps. */
export function stepOf(steps: JobProgress['steps']): string | null {
  if (steps.length === 0) return null;
  const running = steps.findIndex((step) => step.status === 'running');
  const done = steps.filter((step) => step.status !== 'pending').length;
  const current = running >= 0 ? running + 1 : Math.min(steps.length, done + 1);
  return `step ${current}/${steps.length}`;
}

/** One running job: id, status, step n/m, and how long it has been going as of `now`. */
export function progressLine(job: { readonly job_id: string; readonly status: string; readonly image: string; readonly since: string | null }, progress: JobProgress | null, now: number): StyledLine {
  const since = progress?.started_at ?? job.since;
  const started = since === null ? Number.NaN : Date.parse(since);
  const elapsed = Number.isNaN(started) ? '' : formatDuration(Math.max(0, now - started));
  const step = progress ? stepOf(progress.steps) : null;
  const segments: Segment[] = [
    { text: '  ' },
    { text: job.job_id, bold: true },
    { text: '  ' },
    statusSegment(progress?.status ?? job.status, 8),
    { text: `  ${(step ?? '').padEnd(10)}`, color: 'cyan' },
    { text: `  ${elapsed.padEnd(8)}` },
    { text: `  ${job.image}`, dim: true },
  ];
  return segments;
}

export { isActive };

// ---------------------------------------------------------------------------------------------------------------
// Sandboxes

/** `demo  running  2/2 up  web-dev` per sandbox. */
export function sandboxLine(row: SandboxRow, nameWidth: number): StyledLine {
  const color = SANDBOX_COLORS[row.status];
  return [
    { text: `  ${row.name.padEnd(nameWidth)}  ` },
    { text: row.status.padEnd(9), ...(color ? { color } : {}) },
    { text: `  ${row.running}/${row.containers} up` },
    { text: row.template ? `  ${row.template}` : '', dim: true },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Layout

/**
 * Rows for each panel's body out of `room`, in proportion to `weights`, each at least 1; what rounding leaves goes
 * to the first panels. Fixed shares keep the panels where they are from one refresh to the next.
 */
export function shareRows(room: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const free = Math.max(0, room - weights.length);
  const shares = weights.map((weight) => 1 + Math.floor((free * weight) / total));
  let left = Math.max(0, room - shares.reduce((sum, share) => sum + share, 0));
  for (let index = 0; left > 0; index = (index + 1) % shares.length, left--) shares[index]! += 1;
  return shares;
}

/** At most `rows` lines of `lines`: when they do not fit, the last row says how many were left out. */
export function fitLines(lines: readonly StyledLine[], rows: number): StyledLine[] {
  if (lines.length <= rows) return [...lines];
  const kept = lines.slice(0, Math.max(0, rows - 1));
  return [...kept, [{ text: `  … ${lines.length - kept.length} more`, dim: true }]];
}
