import type { ContainerStatsOutput, ContainerStatsRow, DeleteRunOutput, JobRow, JobView, ListJobsOutput, StepView, SystemInfoEngineView } from '@orcaops/contracts';
import type { ToolOutcome } from '@orcaops/plugin-api';
import type { TuiCatalog, TuiInvokeOptions, TuiInvoker, TuiTool } from '../types.js';

/** An input schema stand-in: `{}` is valid, as for a zod object whose fields are all optional. */
const acceptsEmpty = { safeParse: () => ({ success: true }) };
/** An input schema stand-in with a required `job_id`, reporting its absence as zod does. */
const needsJobId = {
  safeParse: (value: unknown) =>
    typeof value === 'object' && value !== null && 'job_id' in value ? { success: true } : { success: false, error: { issues: [{ path: ['job_id'], message: 'Required' }] } },
};

/** Three tools in two categories; the first one needs input so that "down, enter" reaches the runnable one. */
export const FAKE_TOOLS: readonly TuiTool[] = [
  {
    name: 'orcaops_get_job_status',
    title: 'Job status',
    category: 'jobs',
    description: 'Shows the status of one job. Call it after orcaops_submit_job.',
    annotations: { readOnlyHint: true },
    input: needsJobId,
    inputSchema: { type: 'object', properties: { job_id: { type: 'string', description: 'The id orcaops_submit_job returned.' }, wait: { type: 'boolean', default: false } }, required: ['job_id'] },
  },
  {
    name: 'orcaops_system_info',
    title: 'System information',
    category: 'system',
    description: 'Diagnoses the OrcaOps installation. Call it first.',
    annotations: { readOnlyHint: true, idempotentHint: true },
    input: acceptsEmpty,
  },
  {
    name: 'orcaops_cleanup_containers',
    title: 'Clean up stopped containers',
    category: 'system',
    description: 'Removes stopped containers that OrcaOps created.',
    annotations: { readOnlyHint: false, destructiveHint: true },
    input: acceptsEmpty,
  },
];

export function fakeCatalog(tools: readonly TuiTool[] = FAKE_TOOLS): TuiCatalog {
  return {
    byCategory: () => {
      const groups = new Map<string, TuiTool[]>();
      for (const tool of tools) groups.set(tool.category, [...(groups.get(tool.category) ?? []), tool]);
      return groups;
    },
  };
}

/** One call the fake invoker received; the test decides when and how it ends. */
export interface PendingCall {
  readonly name: string;
  readonly args: unknown;
  readonly options: TuiInvokeOptions | undefined;
  resolve(outcome: ToolOutcome): void;
}

/** An invoker whose calls stay pending until the test resolves them, so "running…" can be observed. */
export function fakeInvoker(): TuiInvoker & { readonly calls: PendingCall[] } {
  const calls: PendingCall[] = [];
  return {
    calls,
    invoke: (name, args, options) => new Promise<ToolOutcome>((resolve) => calls.push({ name, args, options, resolve })),
  };
}

/** Data shaped like orcaops_system_info's output. */
export const SYSTEM_INFO_DATA = {
  orcaops: { version: '9.9.9', home: '/tmp/orca-home', config_file: null, log_level: 'warn' },
  host: { platform: 'linux', cpus: 4, memory_bytes: 8 * 1024 ** 3, free_memory_bytes: 1536 * 1024 ** 2 },
  docker: { available: false, error: { code: 'DOCKER_UNAVAILABLE', message: 'connect ENOENT /var/run/docker.sock', suggestion: 'Start Docker.' } },
  plugins: {
    loaded: [{ id: 'system', source: '@orcaops/plugin-system', version: '0.1.0', builtin: true, tools: ['orcaops_system_info', 'orcaops_cleanup_containers'] }],
    failed: [],
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The Jobs view: fake orcaops_list_runs / orcaops_get_job_status / orcaops_get_job_logs and canned outcomes.

/** The tools the Jobs view calls besides orcaops_get_job_status (already in FAKE_TOOLS). */
export const JOBS_VIEW_TOOLS: readonly TuiTool[] = [
  {
    name: 'orcaops_list_runs',
    title: 'List runs',
    category: 'runs',
    description: 'Lists recorded job runs, newest first.',
    annotations: { readOnlyHint: true, idempotentHint: true },
    presentation: { listField: 'runs', columns: ['job_id', 'status', 'image', 'created_at', 'duration_ms'] },
    input: acceptsEmpty,
  },
  {
    name: 'orcaops_get_job_logs',
    title: 'Job logs',
    category: 'jobs',
    description: "Returns a bounded slice of a job's stdout and/or stderr.",
    annotations: { readOnlyHint: true, idempotentHint: true },
    input: needsJobId,
  },
];

/** The fake catalog plus the Jobs view's tools. */
/** The job tool the run detail calls on `c`. */
export const CANCEL_JOB_TOOL: TuiTool = {
  name: 'orcaops_cancel_job',
  title: 'Cancel a job',
  category: 'jobs',
  description: 'Cancels a queued or running job.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  input: needsJobId,
};

export const JOBS_CATALOG_TOOLS: readonly TuiTool[] = [...FAKE_TOOLS, ...JOBS_VIEW_TOOLS];

/** One call a {@link cannedInvoker} answered. */
export interface AnsweredCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly options: TuiInvokeOptions | undefined;
  /** When it was made (Date.now()), to check refresh intervals. */
  readonly at: number;
}

/**
 * A fixed outcome, or one made from the arguments and how many calls of this tool came before (0 for the first);
 * a function may also report progress through `options.onProgress` and answer later (return a promise).
 */
export type CannedAnswer = ToolOutcome | ((args: Record<string, unknown>, count: number, options: TuiInvokeOptions | undefined) => ToolOutcome | Promise<ToolOutcome>);

/** An invoker that answers at once from canned outcomes (TOOL_NOT_FOUND for others) and records every call. */
export function cannedInvoker(answers: Readonly<Record<string, CannedAnswer>>): TuiInvoker & { readonly calls: AnsweredCall[]; callsOf(name: string): AnsweredCall[] } {
  const calls: AnsweredCall[] = [];
  const callsOf = (name: string) => calls.filter((call) => call.name === name);
  return {
    calls,
    callsOf,
    invoke: async (name, args, options) => {
      const record = (args ?? {}) as Record<string, unknown>;
      const count = callsOf(name).length;
      calls.push({ name, args: record, options, at: Date.now() });
      const answer = answers[name];
      if (answer === undefined) {
        return { ok: false, error: { code: 'TOOL_NOT_FOUND', message: `No tool named "${name}".`, suggestion: 'List the tools.' } };
      }
      return typeof answer === 'function' ? answer(record, count, options) : answer;
    },
  };
}

export const ok = (data: Record<string, unknown>): ToolOutcome => ({ ok: true, data });

/** A time of day in the local zone, as a tool would send it (UTC ISO), so that formatted times do not depend on TZ. */
export const localIso = (hours: number, minutes: number, seconds: number, ms = 0) => new Date(2026, 10, 24, hours, minutes, seconds, ms).toISOString();

export const FAILED_JOB_ID = 'job-20261124T211442Z-e636e6';
export const OK_JOB_ID = 'job-20261124T201000Z-0a1b2c';

/** A row of orcaops_list_jobs. */
export function jobRow(overrides: Partial<Out<typeof JobRow>> = {}): Out<typeof JobRow> {
  return {
    job_id: FAILED_JOB_ID,
    status: 'failed',
    image: 'orcaops-test/busybox:latest',
    created_at: localIso(21, 14, 42, 969),
    duration_ms: 1494,
    steps: 3,
    error_code: null,
    ...overrides,
  };
}

/** A row of orcaops_list_runs. */
export function runRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    job_id: FAILED_JOB_ID,
    status: 'failed',
    image: 'orcaops-test/busybox:latest',
    created_at: localIso(21, 14, 42, 969),
    finished_at: localIso(21, 14, 44, 505),
    duration_ms: 1494,
    artifacts: 1,
    error_code: null,
    ...overrides,
  };
}

/** Two finished runs, newest first: one failed, one passed. */
export const RUNS_DATA = {
  runs: [
    runRow(),
    runRow({ job_id: OK_JOB_ID, status: 'success', image: 'alpine:3', created_at: localIso(20, 10, 0), duration_ms: 65_000, artifacts: 0 }),
  ],
  next_offset: null,
  total: 2,
};

/** orcaops_get_job_status for a job of three steps whose last one failed (as the real tool answers). */
export function jobStatus(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    job_id: FAILED_JOB_ID,
    status: 'failed',
    image: { ref: 'orcaops-test/busybox:latest', id: 'sha256:15964bb70cd3', digest: null },
    exit_code: 1,
    created_at: localIso(21, 14, 42, 969),
    started_at: localIso(21, 14, 43, 11),
    finished_at: localIso(21, 14, 44, 505),
    duration_ms: 1494,
    container_id: '1b81f52d1862',
    steps: [
      { index: 0, command: 'echo hello from a job', status: 'success', exit_code: 0, duration_ms: 12, stdout_tail: 'hello from a job\n', stderr_tail: '', output_truncated: false },
      { index: 1, command: 'echo oops >&2; echo more', status: 'success', exit_code: 0, duration_ms: 8, stdout_tail: 'more\n', stderr_tail: 'oops\n', output_truncated: false },
      { index: 2, command: 'ls /nonexistent', status: 'failed', exit_code: 1, duration_ms: 1200, stdout_tail: '', stderr_tail: 'ls: /nonexistent: No such file or directory\n', output_truncated: false },
    ],
    artifacts: [{ path: 'etc/hostname', size: 13, sha256: 'cc2fedf7' }],
    artifacts_total: 1,
    artifacts_skipped: [],
    artifacts_skipped_total: 0,
    error: null,
    cleanup: { container_removed: true, error: null },
    labels: {},
    ...overrides,
  };
}

/** orcaops_get_job_logs with both streams. */
export function jobLogs(stdout: string, stderr: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const slice = (text: string) => ({ text, encoding: 'text', replaced: 0, offset: 0, next_offset: null, size: Buffer.byteLength(text), truncated: false });
  return { job_id: FAILED_JOB_ID, status: 'failed', stdout: slice(stdout), stderr: slice(stderr), ...overrides };
}

/** Whole-job logs of {@link jobStatus}, and each step's part of them. */
export const JOB_LOGS = jobLogs('hello from a job\nmore\n', 'oops\nls: /nonexistent: No such file or directory\n');
export const STEP_LOGS: readonly Record<string, unknown>[] = [
  jobLogs('hello from a job\n', ''),
  jobLogs('more\n', 'oops\n'),
  jobLogs('', 'ls: /nonexistent: No such file or directory\n'),
];

// ---------------------------------------------------------------------------------------------------------------
// The Sandboxes and Containers views: their tools (names, categories and annotations as the real plugins declare
// them) and canned outputs shaped like the real tools' output schemas (plugins/sandboxes/src/tools,
// plugins/containers/src).

/** An input schema stand-in with a required field. */
const needs = (field: string) => ({ safeParse: (value: unknown) => ({ success: typeof value === 'object' && value !== null && field in value }) });
const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

export const SANDBOX_TOOLS: readonly TuiTool[] = [
  { name: 'orcaops_list_sandboxes', title: 'List sandboxes', category: 'sandboxes', description: 'Lists registered sandboxes with their state.', annotations: READ_ONLY, input: acceptsEmpty },
  { name: 'orcaops_get_sandbox', title: 'Get a sandbox', category: 'sandboxes', description: 'Shows a sandbox.', annotations: READ_ONLY, input: needs('name') },
  {
    name: 'orcaops_start_sandbox',
    title: 'Start a sandbox',
    category: 'sandboxes',
    description: "Starts a sandbox's services with compose.",
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    input: needs('name'),
  },
  {
    name: 'orcaops_stop_sandbox',
    title: 'Stop a sandbox',
    category: 'sandboxes',
    description: 'Stops a sandbox with compose (down).',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    input: needs('name'),
  },
  {
    name: 'orcaops_create_sandbox',
    title: 'Create a sandbox',
    category: 'sandboxes',
    description: 'Creates a sandbox from a template.',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    input: needs('template'),
    inputSchema: { type: 'object', properties: { template: { type: 'string' }, name: { type: 'string' } }, required: ['template', 'name'] },
  },
  {
    name: 'orcaops_exec_in_sandbox',
    title: 'Run a command in a sandbox service',
    category: 'sandboxes',
    description: 'Runs a command in a service container of a sandbox.',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    input: needs('command'),
    inputSchema: {
      type: 'object',
      properties: { name: { type: 'string' }, service: { type: 'string' }, command: { type: 'array', items: { type: 'string' } } },
      required: ['name', 'service', 'command'],
    },
  },
];

export const CONTAINER_TOOLS: readonly TuiTool[] = [
  {
    name: 'orcaops_list_containers',
    title: 'List containers',
    category: 'containers',
    description: 'Lists Docker containers on the engine, newest first.',
    annotations: { ...READ_ONLY, idempotentHint: true },
    presentation: { listField: 'containers', columns: ['id', 'name', 'image', 'state', 'status', 'ports'] },
    input: acceptsEmpty,
  },
  {
    name: 'orcaops_get_container_logs',
    title: 'Container logs',
    category: 'containers',
    description: "Returns the last lines of any container's log.",
    annotations: { ...READ_ONLY, idempotentHint: true },
    input: needs('container_id'),
  },
  {
    name: 'orcaops_stop_container',
    title: 'Stop a container',
    category: 'containers',
    description: 'Stops a container.',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    input: needs('container_id'),
  },
  {
    name: 'orcaops_remove_container',
    title: 'Remove a container',
    category: 'containers',
    description: 'Deletes a container.',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    input: needs('container_id'),
  },
  {
    name: 'orcaops_inspect_container',
    title: 'Inspect a container',
    category: 'containers',
    description: 'A curated summary of a container.',
    annotations: { ...READ_ONLY, idempotentHint: true },
    input: needs('container_id'),
    inputSchema: { type: 'object', properties: { container_id: { type: 'string' }, raw: { type: 'boolean', default: false } }, required: ['container_id'] },
  },
];

/** The fake catalog plus the Sandboxes and Containers views' tools. */
export const RESOURCE_CATALOG_TOOLS: readonly TuiTool[] = [...FAKE_TOOLS, ...SANDBOX_TOOLS, ...CONTAINER_TOOLS];

/** A sandbox's registry entry (the fields every sandbox tool returns). */
function sandboxEntry(name: string, template: string | null = 'web-dev'): Record<string, unknown> {
  return { name, project: name.toLowerCase(), template, directory: `/work/sandboxes/${name}`, compose_file: 'docker-compose.yml', created_at: localIso(9, 30, 0) };
}

/** A row of orcaops_list_sandboxes. */
export function sandboxRow(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...sandboxEntry(name), status: 'stopped', running: 0, containers: 0, ...overrides };
}

/** Two sandboxes: one running, one stopped. */
export const SANDBOXES_DATA = {
  sandboxes: [sandboxRow('demo', { status: 'running', running: 2, containers: 2 }), sandboxRow('api-tests', { template: 'api-testing' })],
  count: 2,
  total: 2,
  next_offset: null,
  engine_error: null,
};

/** A container of a sandbox service, as orcaops_get_sandbox lists it. */
function serviceContainer(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: '3f2a9c1b7d4e', name, state: 'running', status: 'Up 5 minutes', health: null, ports: [], ...overrides };
}

/** orcaops_get_sandbox (and orcaops_start_sandbox) for `demo`: web published on 8080, db healthy, worker not created. */
export function sandboxView(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...sandboxEntry('demo'),
    status: 'running',
    services: [
      { name: 'db', containers: [serviceContainer('demo-db-1', { id: '8e1d0f5a2b3c', status: 'Up 5 minutes (healthy)', health: 'healthy', ports: ['5432/tcp'] })] },
      { name: 'web', containers: [serviceContainer('demo-web-1', { ports: ['127.0.0.1:8080->80/tcp'] })] },
    ],
    endpoints: [{ service: 'web', container_port: 80, address: '127.0.0.1:8080' }],
    containers_omitted: 0,
    endpoints_omitted: 0,
    ...overrides,
  };
}

/** orcaops_stop_sandbox. */
export function sandboxStopped(name: string, volumes: boolean): Record<string, unknown> {
  return { sandbox: sandboxEntry(name), containers_removed: 2, volumes_removed: volumes };
}

/** A row of orcaops_list_containers. */
export function containerRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '1b81f52d1862',
    name: 'web',
    image: 'nginx:1.27',
    state: 'running',
    status: 'Up 2 hours (healthy)',
    health: 'healthy',
    ports: ['127.0.0.1:8080->80/tcp'],
    created_at: localIso(8, 0, 0),
    managed: false,
    ...overrides,
  };
}

export const RUNNING_CONTAINERS = { containers: [containerRow(), containerRow({ id: 'c0ffee123456', name: 'orcaops-job-e636e6', image: 'orcaops-test/busybox:latest', status: 'Up 3 seconds', health: null, ports: [], managed: true })], total: 2, next_offset: null, truncated: false };
export const EXITED_CONTAINER = containerRow({ id: 'dead00beef01', name: 'old-build', image: 'alpine:3', state: 'exited', status: 'Exited (1) 2 days ago', health: null, ports: [] });

/** orcaops_get_container_logs with the given lines, `["err", "text"]` for stderr. */
export function containerLogs(lines: ReadonlyArray<string | readonly ['out' | 'err', string]>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const items = lines.map((line) => (typeof line === 'string' ? { stream: 'stdout', text: line } : { stream: line[0] === 'err' ? 'stderr' : 'stdout', text: line[1] }));
  return {
    id: '1b81f52d1862',
    name: 'web',
    state: 'running',
    tail: 1000,
    since: null,
    lines: items,
    bytes: items.reduce((sum, item) => sum + Buffer.byteLength(item.text) + 1, 0),
    replaced: 0,
    truncated: false,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The dashboard, help, filter and delete-run tests: the remaining tools they call, and outputs built as the
// contract types (a field renamed in @orcaops/contracts fails to compile here, and dashboard-fixtures.spec.ts
// parses each with the tool's schema).

/** What a tool's output schema gives (the TUI does not depend on zod itself). */
type Out<Schema extends { parse(value: unknown): unknown }> = ReturnType<Schema['parse']>;

export const DASHBOARD_TOOLS: readonly TuiTool[] = [
  {
    name: 'orcaops_list_jobs',
    title: 'List jobs',
    category: 'jobs',
    description: 'Lists recent jobs, newest first.',
    annotations: { ...READ_ONLY, idempotentHint: true },
    input: acceptsEmpty,
  },
  {
    name: 'orcaops_get_container_stats',
    title: 'Container stats',
    category: 'containers',
    description: 'CPU and memory of running containers.',
    annotations: { ...READ_ONLY, idempotentHint: true },
    input: acceptsEmpty,
  },
  {
    name: 'orcaops_delete_run',
    title: 'Delete a run',
    category: 'runs',
    description: 'Deletes one finished run with its logs and artifacts.',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    input: needsJobId,
  },
];

/** Every tool the TUI's screens call. */
export const ALL_VIEW_TOOLS: readonly TuiTool[] = [...RESOURCE_CATALOG_TOOLS, ...JOBS_VIEW_TOOLS, ...DASHBOARD_TOOLS];

export const RUNNING_JOB_ID = 'job-20261124T220000Z-5a5a5a';

/** orcaops_system_info's engine facts, up or down (the rest of its output is not read by the dashboard). */
export function engineInfo(available: boolean): Out<typeof SystemInfoEngineView> {
  return available
    ? { docker: { available: true, server_version: '27.3.1', cpus: 8, memory_bytes: 16 * 1024 ** 3, containers: { total: 5, running: 2, paused: 0, stopped: 3 }, images: 12 } }
    : { docker: { available: false, error: { code: 'DOCKER_UNAVAILABLE', message: 'connect ENOENT /var/run/docker.sock', suggestion: 'Start Docker.' } } };
}

/** orcaops_list_jobs with one running job on top of the two finished ones. */
export function jobsData(): Out<typeof ListJobsOutput> {
  return {
    jobs: [jobRow({ job_id: RUNNING_JOB_ID, status: 'running', created_at: new Date(Date.now() - 12_000).toISOString(), duration_ms: null }), jobRow(), jobRow({ job_id: OK_JOB_ID, status: 'success', image: 'alpine:3' })],
    next_offset: null,
  };
}

/** orcaops_get_job_status of the running job: step 2 of 3 running. */
export function runningJobStatus(): Out<typeof JobView> {
  const step = (index: number, status: Out<typeof StepView>['status']): Out<typeof StepView> => ({
    index,
    command: `step ${index}`,
    status,
    exit_code: status === 'success' ? 0 : null,
    duration_ms: status === 'success' ? 10 : null,
    stdout_tail: '',
    stderr_tail: '',
    output_truncated: false,
  });
  return {
    job_id: RUNNING_JOB_ID,
    status: 'running',
    image: { ref: 'orcaops-test/busybox:latest', id: null, digest: null },
    exit_code: null,
    created_at: new Date(Date.now() - 12_000).toISOString(),
    started_at: new Date(Date.now() - 11_000).toISOString(),
    finished_at: null,
    duration_ms: null,
    container_id: 'abcdef123456',
    steps: [step(0, 'success'), step(1, 'running'), step(2, 'pending')],
    artifacts: [],
    artifacts_total: 0,
    artifacts_skipped: [],
    artifacts_skipped_total: 0,
    error: null,
    cleanup: { container_removed: null, error: null },
    labels: {},
  };
}

/** orcaops_get_container_stats: a busy container and an idle one. */
export function statsData(): Out<typeof ContainerStatsOutput> {
  const row = (overrides: Partial<Out<typeof ContainerStatsRow>>): Out<typeof ContainerStatsRow> => ({
    id: '1b81f52d1862',
    name: 'web',
    cpu_percent: 0.5,
    memory_bytes: 50 * 1024 ** 2,
    memory_limit_bytes: 1024 ** 3,
    memory_percent: 4.88,
    pids: 3,
    network_rx_bytes: 1000,
    network_tx_bytes: 2000,
    ...overrides,
  });
  return { containers: [row({}), row({ id: 'c0ffee123456', name: 'orcaops-job-e636e6', cpu_percent: 99.5, memory_bytes: 200 * 1024 ** 2, memory_percent: 19.53, pids: 2 })], total: 2, next_offset: null, truncated: false };
}

/** orcaops_delete_run. */
export function runDeleted(jobId: string): Out<typeof DeleteRunOutput> {
  return { job_id: jobId, deleted: true };
}
