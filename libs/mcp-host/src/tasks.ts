import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { ErrorCode, McpError, type CallToolResult, type Result, type Task } from '@modelcontextprotocol/sdk/types.js';
import { isFinalStatus, type JobStatus } from '@orcaops/contracts';
import type { ToolOutcome } from '@orcaops/plugin-api';
import type { McpCore } from './create-mcp-server.js';
import { toCallToolResult } from './tool-result.js';

/**
 * MCP tasks (protocol 2025-11-25) for the two calls that take long: `orcaops_run_job` and `orcaops_start_sandbox`.
 *
 * A job's task is the job itself: its id is the job id, and its status and result are read from the run store
 * through the same tools a client could call, so a task outlives the server exactly as the job does, and
 * `tasks/list` lists runs. A sandbox start has no record of its own, so its task lives in this process while
 * the start runs; asked about later (or after a restart), it is answered from the sandbox's state.
 */

/** Tools that accept a task-augmented `tools/call`; listed with `execution.taskSupport: "optional"`. */
export const TASK_TOOLS: ReadonlySet<string> = new Set(['orcaops_run_job', 'orcaops_start_sandbox']);

/** What clients are told to wait between `tasks/get` calls. */
export const TASK_POLL_MS = 500;
/** Runs listed per page of `tasks/list`. */
const TASKS_PER_PAGE = 50;
/** Sandbox tasks are `sandbox-start:<name>:<epoch ms>`; job ids cannot contain a colon, so the two never meet. */
const SANDBOX_TASK = /^sandbox-start:([^:]+):(\d+)$/;

interface SandboxStart {
  readonly name: string;
  readonly createdAt: string;
  readonly controller: AbortController;
  outcome?: ToolOutcome;
  finishedAt?: string;
  cancelled?: boolean;
}

/** Sandbox starts in flight or finished, per kernel, so every MCP session of one server (HTTP) sees them. */
const sandboxStarts = new WeakMap<McpCore, Map<string, SandboxStart>>();

function startsOf(core: McpCore): Map<string, SandboxStart> {
  let starts = sandboxStarts.get(core);
  if (!starts) sandboxStarts.set(core, (starts = new Map()));
  return starts;
}

const refused = (outcome: Extract<ToolOutcome, { ok: false }>) =>
  new McpError(ErrorCode.InvalidParams, `${outcome.error.code}: ${outcome.error.message} ${outcome.error.suggestion}`);

/**
 * Starts `tool` as a task and returns it at once. A call that fails before there is anything to follow (bad
 * arguments, a full queue, an unknown sandbox) is answered with an error, as the protocol has no task for it.
 */
export async function createTask(core: McpCore, tool: string, args: Record<string, unknown>): Promise<Task> {
  if (tool === 'orcaops_run_job') {
    const outcome = await core.invoker.invoke(tool, { ...args, wait_seconds: 0 });
    if (!outcome.ok) throw refused(outcome);
    return jobTask(outcome.data);
  }
  // Arguments the tool refuses are refused before anything starts; answer those as errors, not as failed tasks.
  const entry = core.catalog.entries.find((candidate) => candidate.tool.name === tool);
  if (entry && !entry.tool.input.safeParse(args).success) {
    const outcome = await core.invoker.invoke(tool, args);
    if (!outcome.ok) throw refused(outcome);
  }
  const name = typeof args['name'] === 'string' ? args['name'] : '';
  const start: SandboxStart = { name, createdAt: new Date().toISOString(), controller: new AbortController() };
  const taskId = `sandbox-start:${name}:${Date.parse(start.createdAt)}`;
  startsOf(core).set(taskId, start);
  void core.invoker.invoke(tool, args, { signal: start.controller.signal }).then((outcome) => {
    start.outcome = outcome;
    start.finishedAt = new Date().toISOString();
  });
  return sandboxTask(taskId, start);
}

function jobTask(view: Record<string, unknown>): Task {
  const status = view['status'] as JobStatus;
  const createdAt = String(view['created_at'] ?? new Date(0).toISOString());
  const lastUpdatedAt = String(view['finished_at'] ?? view['started_at'] ?? createdAt);
  const error = view['error'] as { message?: string } | null | undefined;
  return {
    taskId: String(view['job_id']),
    // A job that ran and failed is a call that completed: its result says how the job ended.
    status: status === 'cancelled' ? 'cancelled' : isFinalStatus(status) ? 'completed' : 'working',
    statusMessage: `job ${status}${error?.message ? `: ${error.message}` : ''}`,
    createdAt,
    lastUpdatedAt,
    ttl: null,
    pollInterval: TASK_POLL_MS,
  };
}

function sandboxTask(taskId: string, start: SandboxStart): Task {
  const { outcome } = start;
  const status: Task['status'] = start.cancelled ? 'cancelled' : !outcome ? 'working' : outcome.ok ? 'completed' : 'failed';
  return {
    taskId,
    status,
    statusMessage: outcome && !outcome.ok ? `${outcome.error.code}: ${outcome.error.message}` : `sandbox ${start.name} ${outcome ? 'started' : 'starting'}`,
    createdAt: start.createdAt,
    lastUpdatedAt: start.finishedAt ?? start.createdAt,
    ttl: null,
    pollInterval: TASK_POLL_MS,
  };
}

/**
 * The SDK's task store interface over the above: `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel`
 * are served by the SDK's protocol layer from it. Tasks are created by the `tools/call` handler, not here.
 */
export function orcaTaskStore(core: Promise<McpCore>): TaskStore {
  const jobView = async (loaded: McpCore, jobId: string) => {
    const outcome = await loaded.invoker.invoke('orcaops_get_job_status', { job_id: jobId });
    return outcome.ok ? outcome.data : null;
  };
  /** A sandbox task this process has no memory of (it restarted, or forgot nothing yet but the id is made up). */
  const recalled = async (loaded: McpCore, taskId: string): Promise<SandboxStart | null> => {
    const match = SANDBOX_TASK.exec(taskId);
    if (!match) return null;
    const outcome = await loaded.invoker.invoke('orcaops_get_sandbox', { name: match[1] });
    if (!outcome.ok) return null;
    const running = outcome.data['status'] === 'running';
    const createdAt = new Date(Number(match[2])).toISOString();
    return {
      name: match[1]!,
      createdAt,
      finishedAt: createdAt,
      controller: new AbortController(),
      outcome: running
        ? outcome
        : { ok: false, error: { code: 'START_FAILED', message: `The start of sandbox ${match[1]} was interrupted; it is ${String(outcome.data['status'])}.`, suggestion: 'Call orcaops_start_sandbox again.' } },
    } as SandboxStart;
  };
  const find = async (taskId: string) => {
    const loaded = await core;
    const start = startsOf(loaded).get(taskId) ?? (await recalled(loaded, taskId));
    if (start) return { kind: 'sandbox' as const, start, loaded };
    const view = SANDBOX_TASK.test(taskId) ? null : await jobView(loaded, taskId);
    return view ? { kind: 'job' as const, view, loaded } : null;
  };

  return {
    createTask: async () => {
      throw new McpError(ErrorCode.InternalError, 'OrcaOps creates tasks in tools/call.');
    },
    getTask: async (taskId) => {
      const found = await find(taskId);
      if (!found) return null;
      return found.kind === 'job' ? jobTask(found.view) : sandboxTask(taskId, found.start);
    },
    getTaskResult: async (taskId): Promise<Result> => {
      const found = await find(taskId);
      if (!found) throw new McpError(ErrorCode.InvalidParams, `No task ${taskId.slice(0, 200)}.`);
      if (found.kind === 'sandbox') {
        const outcome = found.start.outcome ?? { ok: false as const, error: { code: 'CANCELLED', message: 'The sandbox start was cancelled.', suggestion: 'Call orcaops_start_sandbox again.' } };
        return toCallToolResult(outcome) satisfies CallToolResult;
      }
      // The reply orcaops_run_job would have given, had it waited: the job as orcaops_get_job_status shows it.
      const outcome = await found.loaded.invoker.invoke('orcaops_get_job_status', { job_id: taskId });
      return toCallToolResult(outcome.ok ? { ok: true, data: { ...outcome.data, still_running: false } } : outcome);
    },
    updateTaskStatus: async (taskId, status) => {
      if (status !== 'cancelled') return;
      const found = await find(taskId);
      if (found?.kind === 'job') {
        const outcome = await found.loaded.invoker.invoke('orcaops_cancel_job', { job_id: taskId });
        if (!outcome.ok) throw refused(outcome);
      } else if (found?.kind === 'sandbox' && !found.start.outcome) {
        found.start.cancelled = true;
        found.start.controller.abort();
      }
    },
    storeTaskResult: async () => {
      // Results are read from the run store and the sandboxes, never stored here.
    },
    listTasks: async (cursor) => {
      const loaded = await core;
      const offset = Number(cursor ?? 0) || 0;
      // Without the runs tools (a tool selection may leave them out) only sandbox starts are listed.
      const outcome = await loaded.invoker.invoke('orcaops_list_runs', { limit: TASKS_PER_PAGE, offset });
      const runs = outcome.ok ? (outcome.data['runs'] as Array<Record<string, unknown>>).map(jobTask) : [];
      const sandboxes = offset === 0 ? [...startsOf(loaded)].map(([taskId, start]) => sandboxTask(taskId, start)) : [];
      const next = outcome.ok ? outcome.data['next_offset'] : null;
      return { tasks: [...sandboxes, ...runs], ...(typeof next === 'number' ? { nextCursor: String(next) } : {}) };
    },
  };
}
