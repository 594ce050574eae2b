import type { ToolOutcome } from '@orcaops/plugin-api';
import { readEngine } from './dashboard-format.js';
import { isActive, readRuns } from './job-format.js';
import { IDLE_FACTOR } from './RunList.js';
import type { TuiInvoker, TuiTool } from './types.js';
import { usePolledTool, type PollRequest, type PollState } from './usePolledTool.js';

export const SYSTEM_INFO_TOOL = 'orcaops_system_info';
export const LIST_JOBS_TOOL = 'orcaops_list_jobs';
export const LIST_RUNS_TOOL = 'orcaops_list_runs';
export const LIST_SANDBOXES_TOOL = 'orcaops_list_sandboxes';
export const CONTAINER_STATS_TOOL = 'orcaops_get_container_stats';

/** How many jobs to look through for running ones, and how many recent runs to ask for. */
const JOBS_LIMIT = 20;
const RUNS_LIMIT = 10;

/** One panel's source: its tool (null when the catalog does not have it) and the latest answer. */
export interface PanelSource {
  readonly tool: string;
  readonly loaded: boolean;
  readonly poll: PollState;
}

export interface DashboardData {
  readonly engine: PanelSource;
  readonly jobs: PanelSource;
  readonly runs: PanelSource;
  readonly sandboxes: PanelSource;
  readonly stats: PanelSource;
}

const engineUp = (outcome: ToolOutcome) => {
  const read = outcome.ok ? readEngine(outcome.data) : null;
  return read !== null && read.ok && read.value.available;
};

const anyActive = (outcome: ToolOutcome) => {
  const read = outcome.ok ? readRuns(outcome.data) : null;
  return read !== null && read.ok && read.value.some((row) => isActive(row.status));
};

/**
 * Polls every panel's tool through the invoker, every `refreshMs`, failures included: a dashboard left open while
 * the engine is down shows it coming back. A tool the catalog lacks (not loaded, denied, read-only mode) is not
 * called. An unchanged answer does not render again, except the jobs list while a job runs (its clock moves).
 */
export function useDashboardData(invoker: TuiInvoker, tools: ReadonlyMap<string, TuiTool>, refreshMs: number): DashboardData {
  const every = () => refreshMs;
  const source = (tool: string, args: Readonly<Record<string, unknown>>, next: (outcome: ToolOutcome) => number = every, ticks?: (outcome: ToolOutcome) => boolean): PanelSource => {
    const loaded = tools.has(tool);
    const request: PollRequest | null = loaded ? { name: tool, args } : null;
    // Hooks in a fixed order: `source` is called the same five times on every render.
    return { tool, loaded, poll: usePolledTool(invoker, request, next, 0, ticks) };
  };
  return {
    // The health check behind it does more than the other panels' reads: quickly only while the engine is down.
    engine: source(SYSTEM_INFO_TOOL, {}, (outcome) => (engineUp(outcome) ? refreshMs * IDLE_FACTOR : refreshMs)),
    jobs: source(LIST_JOBS_TOOL, { limit: JOBS_LIMIT }, every, anyActive),
    runs: source(tools.has(LIST_RUNS_TOOL) ? LIST_RUNS_TOOL : LIST_JOBS_TOOL, { limit: RUNS_LIMIT }),
    sandboxes: source(LIST_SANDBOXES_TOOL, {}),
    stats: source(CONTAINER_STATS_TOOL, {}),
  };
}
