/**
 * The Jobs view as pure projections of tool outputs: `orcaops_list_runs` (or `orcaops_list_jobs`) as a table,
 * `orcaops_get_job_status` as a summary, `orcaops_get_job_logs` as log lines. Everything here turns a tool's
 * output into styled lines; the components only draw them, so layout is tested without Ink.
 *
 * Outputs arrive as `Record<string, unknown>`; they are read through the schemas the tools publish
 * (@orcaops/contracts), narrowed to the fields shown, so that a tool may add fields without breaking the view and
 * a field that drifted is reported as unexpected output instead of drawn as a blank.
 */
import { stripVTControlCharacters } from 'node:util';
import { JobLogsOutput, JobRow, JobView, ListJobsOutput, ListRunsOutput, LogSliceView, RunRow as RunRowSchema, StepView } from '@orcaops/contracts';
import { readOutput, type OutputRead } from './read-output.js';
import { NONE, formatBytes } from './result-format.js';

/** A run of text with one style. Colours are Ink/chalk colour names. */
export interface Segment {
  readonly text: string;
  readonly color?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

/** One screen row (renderers truncate, never wrap, so that rows can be counted). */
export type StyledLine = readonly Segment[];

/** A line as plain text (tests, and measuring). */
export function lineString(line: StyledLine): string {
  return line.map((segment) => segment.text).join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Statuses, times and durations

/** Job statuses that still change; the views refresh while a job has one. */
export function isActive(status: string): boolean {
  return status === 'queued' || status === 'running';
}

const STATUS_COLORS: Readonly<Record<string, string>> = {
  queued: 'blue',
  running: 'yellow',
  success: 'green',
  failed: 'red',
  timed_out: 'magenta',
  cancelled: 'gray',
  pending: 'gray',
  skipped: 'gray',
};

/** A job or step status, coloured. Unknown statuses stay plain. */
export function statusSegment(status: string, width = 0): Segment {
  const color = STATUS_COLORS[status];
  return { text: status.padEnd(width), ...(color ? { color } : {}) };
}

/** A refresh interval: 2000 → "2 s", 500 → "500 ms". */
export function formatInterval(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

/** 340 → "340 ms", 1494 → "1.5 s", 65_000 → "1m 05s", 3_723_000 → "1h 02m". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return NONE;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`;
}

/**
 * An ISO timestamp in local time, "2026-11-24 21:14:42"; just "21:14:42" when `sameDayAs` falls on the same
 * local day. Unparseable text is shown as it came.
 */
export function formatTime(iso: string | null, sameDayAs?: string | null): string {
  if (iso === null || iso === '') return NONE;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (value: number) => String(value).padStart(2, '0');
  const day = (value: Date) => `${value.getFullYear()}-${two(value.getMonth() + 1)}-${two(value.getDate())}`;
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  const reference = sameDayAs ? new Date(sameDayAs) : null;
  return reference && !Number.isNaN(reference.getTime()) && day(reference) === day(date) ? time : `${day(date)} ${time}`;
}

/**
 * How long a job took, or, while it is active and has no duration yet, how long it has been going as of `now`
 * (the time of the answer shown), marked with "…".
 */
export function jobDuration(job: { readonly status: string; readonly duration_ms: number | null; readonly since: string | null }, now: number): string {
  if (job.duration_ms !== null || !isActive(job.status) || !job.since) return formatDuration(job.duration_ms);
  const since = Date.parse(job.since);
  return Number.isNaN(since) ? NONE : `${formatDuration(Math.max(0, now - since))}…`;
}

// ---------------------------------------------------------------------------------------------------------------
// The run list

/** One row of `orcaops_list_runs` (`runs`) or `orcaops_list_jobs` (`jobs`). */
export interface RunRow {
  readonly job_id: string;
  readonly status: string;
  readonly image: string;
  readonly created_at: string;
  readonly duration_ms: number | null;
}

/** The columns the table shows; both list tools publish them alike. */
const SHOWN_COLUMNS = { job_id: true, status: true, image: true, created_at: true, duration_ms: true } as const;
const ShownRuns = ListRunsOutput.pick({ runs: true }).extend({ runs: RunRowSchema.pick(SHOWN_COLUMNS).array() });
const ShownJobs = ListJobsOutput.pick({ jobs: true }).extend({ jobs: JobRow.pick(SHOWN_COLUMNS).array() });

/** The rows of `orcaops_list_runs` (`runs`) or, when that is not loaded, `orcaops_list_jobs` (`jobs`). */
export function readRuns(data: Record<string, unknown>): OutputRead<readonly RunRow[]> {
  if (!('runs' in data) && 'jobs' in data) {
    const jobs = readOutput(ShownJobs, data, 'orcaops_list_jobs');
    return jobs.ok ? { ok: true, value: jobs.value.jobs } : jobs;
  }
  const runs = readOutput(ShownRuns, data, 'orcaops_list_runs');
  return runs.ok ? { ok: true, value: runs.value.runs } : runs;
}

const MAX_IMAGE = 36;

/**
 * The run table: a header and one line per run, columns padded to their widest cell, the selected run marked.
 * `now` is when the list was read: runs created that day show only the time, and running ones how long so far.
 */
export function runTable(rows: readonly RunRow[], selected: number, now: number): { header: StyledLine; rows: StyledLine[] } {
  const today = new Date(now).toISOString();
  const cells = rows.map((row) => ({
    row,
    image: truncate(row.image, MAX_IMAGE),
    created: formatTime(row.created_at, today),
    duration: jobDuration({ status: row.status, duration_ms: row.duration_ms, since: row.created_at }, now),
  }));
  const width = (title: string, values: readonly string[]) => Math.max(title.length, ...values.map((value) => value.length));
  const idWidth = width('job id', cells.map((cell) => cell.row.job_id));
  const statusWidth = width('status', cells.map((cell) => cell.row.status));
  const imageWidth = width('image', cells.map((cell) => cell.image));
  const createdWidth = width('created', cells.map((cell) => cell.created));
  const gap = '  ';
  const header: StyledLine = [
    {
      text: [
        '  ',
        'job id'.padEnd(idWidth),
        gap,
        'status'.padEnd(statusWidth),
        gap,
        'image'.padEnd(imageWidth),
        gap,
        'created'.padEnd(createdWidth),
        gap,
        'duration',
      ].join(''),
      dim: true,
    },
  ];
  return {
    header,
    rows: cells.map(({ row, image, created, duration }, index): StyledLine => {
      const isSelected = index === selected;
      return [
        { text: isSelected ? '› ' : '  ', color: 'cyan' },
        { text: row.job_id.padEnd(idWidth), ...(isSelected ? { bold: true, inverse: true } : {}) },
        { text: gap },
        statusSegment(row.status, statusWidth),
        { text: `${gap}${image.padEnd(imageWidth)}${gap}${created.padEnd(createdWidth)}${gap}` },
        { text: duration },
      ];
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// One job

export interface StepInfo {
  readonly index: number;
  readonly command: string;
  readonly status: string;
  readonly exit_code: number | null;
  readonly duration_ms: number | null;
}

/** What the detail shows of `orcaops_get_job_status`. */
export interface JobDetail {
  readonly job_id: string;
  readonly status: string;
  readonly image: string;
  readonly exit_code: number | null;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly duration_ms: number | null;
  readonly steps: readonly StepInfo[];
  readonly artifacts: ReadonlyArray<{ readonly path: string; readonly size: number | null }>;
  readonly artifacts_skipped: ReadonlyArray<{ readonly pattern: string; readonly reason: string }>;
  readonly error: { readonly code: string; readonly message: string; readonly suggestion: string } | null;
  readonly cleanup_error: string | null;
}

const ShownJob = JobView.pick({
  job_id: true,
  status: true,
  image: true,
  exit_code: true,
  created_at: true,
  started_at: true,
  finished_at: true,
  duration_ms: true,
  artifacts: true,
  artifacts_skipped: true,
  error: true,
  cleanup: true,
}).extend({ steps: StepView.pick({ index: true, command: true, status: true, exit_code: true, duration_ms: true }).array() });

/** What the detail shows of `orcaops_get_job_status` (or `orcaops_cancel_job`, which answers alike). */
export function readJob(data: Record<string, unknown>): OutputRead<JobDetail> {
  const read = readOutput(ShownJob, data, 'orcaops_get_job_status');
  if (!read.ok) return read;
  const { image, cleanup, ...job } = read.value;
  return { ok: true, value: { ...job, image: image.ref, cleanup_error: cleanup.error } };
}

const ShownStatus = JobLogsOutput.pick({ status: true });

/** The status both job tools answer with, or '' when there is none to read. */
export function readStatus(data: Record<string, unknown>): string {
  const read = ShownStatus.safeParse(data);
  return read.success ? read.data.status : '';
}

/** A view's one line for an output it could not read. */
export function unexpectedLines(problem: string): StyledLine[] {
  return [[{ text: problem, color: 'yellow' }]];
}

/** At most this many step rows; longer jobs show a window around the selected step. */
export const MAX_STEP_ROWS = 6;

/**
 * The job's summary, one row per line: id, status, image and exit code; timing; the error with its suggestion;
 * the steps with exit code and duration (the one whose logs are shown marked); artifacts; and the heading of the
 * log pane below. `step` is the selected step's index, or null for the whole job.
 */
export function summaryLines(job: JobDetail, step: number | null, now: number): StyledLine[] {
  const lines: StyledLine[] = [
    [
      { text: job.job_id, bold: true },
      { text: '  ' },
      { ...statusSegment(job.status), bold: true },
      { text: `  ${job.image}`, dim: true },
      ...(job.exit_code === null ? [] : [{ text: `  exit ${job.exit_code}`, ...(job.exit_code === 0 ? {} : { color: 'red' }) }]),
    ],
    [{ text: timingText(job, now), dim: true }],
  ];
  if (job.error) {
    lines.push(
      [{ text: job.error.code, color: 'red', bold: true }, { text: `  ${job.error.message}` }],
      [{ text: `→ ${job.error.suggestion}`, color: 'yellow', bold: true }],
    );
  }
  if (job.cleanup_error) lines.push([{ text: `cleanup: ${job.cleanup_error}`, color: 'yellow' }]);
  lines.push([], ...stepLines(job.steps, step), artifactLine(job), ...skippedLines(job), [], logHeading(job, step));
  return lines;
}

function timingText(job: JobDetail, now: number): string {
  const parts = [`created ${formatTime(job.created_at)}`];
  if (job.started_at) parts.push(`started ${formatTime(job.started_at, job.created_at)}`);
  if (job.finished_at) parts.push(`finished ${formatTime(job.finished_at, job.created_at)}`);
  if (job.duration_ms !== null) parts.push(`took ${formatDuration(job.duration_ms)}`);
  else if (job.status === 'running') parts.push(`running for ${jobDuration({ ...job, since: job.started_at ?? job.created_at }, now)}`);
  else if (job.status === 'queued') parts.push('waiting to start');
  return parts.join(' · ');
}

function stepLines(steps: readonly StepInfo[], selected: number | null): StyledLine[] {
  if (steps.length === 0) return [[{ text: 'steps  ', bold: true }, { text: `${NONE} (none yet)`, dim: true }]];
  const numbers = steps.map((step) => String(step.index));
  const exits = steps.map((step) => (step.exit_code === null ? NONE : String(step.exit_code)));
  const durations = steps.map((step) => formatDuration(step.duration_ms));
  const indexWidth = Math.max(1, ...numbers.map((value) => value.length));
  const statusWidth = Math.max('status'.length, ...steps.map((step) => step.status.length));
  const exitWidth = Math.max('exit'.length, ...exits.map((value) => value.length));
  const durationWidth = Math.max('duration'.length, ...durations.map((value) => value.length));
  const focus = selected === null ? 0 : Math.max(0, steps.findIndex((step) => step.index === selected));
  const [start, end] = windowAround(steps.length, MAX_STEP_ROWS, focus);
  const lines: StyledLine[] = [
    [
      { text: `steps (${steps.length})`, bold: true },
      { text: `  ${'#'.padEnd(indexWidth)}  ${'status'.padEnd(statusWidth)}  ${'exit'.padEnd(exitWidth)}  ${'duration'.padEnd(durationWidth)}  command`, dim: true },
    ],
  ];
  const labelWidth = `steps (${steps.length})`.length;
  for (let position = start; position < end; position += 1) {
    const step = steps[position]!;
    const isSelected = step.index === selected;
    const exit = exits[position]!;
    lines.push([
      { text: `${' '.repeat(labelWidth)}${isSelected ? '› ' : '  '}`, color: 'cyan' },
      { text: numbers[position]!.padEnd(indexWidth), ...(isSelected ? { bold: true, inverse: true } : {}) },
      { text: '  ' },
      statusSegment(step.status, statusWidth),
      { text: '  ' },
      { text: exit.padEnd(exitWidth), ...(step.exit_code !== null && step.exit_code !== 0 ? { color: 'red' } : {}) },
      { text: `  ${durations[position]!.padEnd(durationWidth)}  ` },
      { text: oneLine(step.command), ...(isSelected ? { bold: true } : {}) },
    ]);
  }
  if (end - start < steps.length) {
    lines.push([{ text: `${' '.repeat(labelWidth + 2)}(steps ${start}–${end - 1} of ${steps.length}; ←→ moves)`, dim: true }]);
  }
  return lines;
}

function artifactLine(job: JobDetail): StyledLine {
  if (job.artifacts.length === 0) return [{ text: 'artifacts  ', bold: true }, { text: NONE, dim: true }];
  const list = job.artifacts.map((artifact) => `${artifact.path} ${artifact.size === null ? '' : formatBytes(artifact.size)}`.trim());
  return [{ text: `artifacts (${job.artifacts.length})  `, bold: true }, { text: list.join(' · ') }];
}

function skippedLines(job: JobDetail): StyledLine[] {
  if (job.artifacts_skipped.length === 0) return [];
  const list = job.artifacts_skipped.map((skip) => `${skip.pattern} (${skip.reason})`);
  return [[{ text: 'not collected  ', bold: true }, { text: list.join(' · '), color: 'yellow' }]];
}

function logHeading(job: JobDetail, step: number | null): StyledLine {
  const chosen = step === null ? undefined : job.steps.find((candidate) => candidate.index === step);
  const what = chosen ? `step ${chosen.index} · ${oneLine(chosen.command)}` : 'whole job';
  const hint = job.steps.length > 0 ? '  (←→ choose a step)' : '';
  return [{ text: 'logs', bold: true }, { text: ` · ${what}` }, { text: hint, dim: true }];
}

// ---------------------------------------------------------------------------------------------------------------
// Logs

/** What the log pane asks `orcaops_get_job_logs` for: both streams, the last lines, at most this much of each. */
export const LOG_MAX_BYTES = 64 * 1024;
export const LOG_TAIL_LINES = 2000;

/** The arguments for `orcaops_get_job_logs`: the whole job, or one step. */
export function logArgs(jobId: string, step: number | null): Record<string, unknown> {
  return { job_id: jobId, stream: 'both', tail_lines: LOG_TAIL_LINES, max_bytes: LOG_MAX_BYTES, ...(step === null ? {} : { step }) };
}

const STREAM_COLORS = { stdout: 'cyan', stderr: 'red' } as const;

const ShownSlice = LogSliceView.pick({ text: true, size: true });
const ShownLogs = JobLogsOutput.pick({ stdout: true, stderr: true }).extend({ stdout: ShownSlice.optional(), stderr: ShownSlice.optional() });

/**
 * `orcaops_get_job_logs` as lines: each stream under its own heading (its size, and how much of it is shown when
 * the tail or max_bytes cut it), stderr in red. Terminal control sequences in the output are removed, so a
 * job's colours or cursor moves cannot scramble the screen.
 */
export function logLines(data: Record<string, unknown>): StyledLine[] {
  const read = readOutput(ShownLogs, data, 'orcaops_get_job_logs');
  if (!read.ok) return unexpectedLines(read.problem);
  const lines: StyledLine[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const slice = read.value[stream];
    if (!slice) continue;
    const body = slice.text;
    const size = slice.size;
    const shown = Buffer.byteLength(body);
    const amount = size === 0 ? 'no output' : shown < size ? `last ${formatBytes(shown)} of ${formatBytes(size)}` : formatBytes(size);
    lines.push([{ text: stream, bold: true, color: STREAM_COLORS[stream] }, { text: ` · ${amount}`, dim: true }]);
    for (const line of outputLines(body)) lines.push([{ text: line, ...(stream === 'stderr' ? { color: 'red' } : {}) }]);
  }
  return lines;
}

/** Output text as display lines: no trailing empty line, only what a carriage return left visible, no control codes, tabs expanded. */
export function outputLines(output: string): string[] {
  if (output === '') return [];
  const lines = stripVTControlCharacters(output).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => expandTabs(lastRewrite(line.replace(/\r$/, '')).replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')));
}

/** A progress bar redraws its line with \r; a terminal would show the last version. */
function lastRewrite(line: string): string {
  const parts = line.split('\r');
  for (let index = parts.length - 1; index >= 0; index -= 1) if (parts[index] !== '') return parts[index]!;
  return '';
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(8 - (out.length % 8)) : char;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** [start, end) of at most `size` items out of `total`, keeping `focus` inside and roughly centred. */
export function windowAround(total: number, size: number, focus: number): [number, number] {
  if (total <= size) return [0, total];
  const start = Math.min(Math.max(0, focus - Math.floor(size / 2)), total - size);
  return [start, start + size];
}

function oneLine(value: string): string {
  return value.replace(/\s*\n\s*/g, ' ⏎ ');
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
