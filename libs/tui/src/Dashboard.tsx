import { Box } from 'ink';
import { DashboardPanel } from './DashboardPanel.js';
import { engineLine, failureLine, fitLines, missingLine, readEngine, readStats, sandboxLine, shareRows, statsTable } from './dashboard-format.js';
import { formatInterval, isActive, readRuns, runTable, unexpectedLines, type StyledLine } from './job-format.js';
import { JOB_STATUS_TOOL, JobProgressRow } from './JobProgressRow.js';
import type { OutputRead } from './read-output.js';
import { readSandboxList } from './sandbox-format.js';
import { StyledLines, StyledLineView } from './StyledLines.js';
import type { TuiInvoker, TuiTool } from './types.js';
import { useDashboardData, type PanelSource } from './useDashboardData.js';

export interface DashboardProps {
  readonly invoker: TuiInvoker;
  readonly tools: ReadonlyMap<string, TuiTool>;
  readonly refreshMs: number;
  /** Rows available, or undefined for a default size. */
  readonly height?: number | undefined;
}

/** Rows that are not panel bodies: the engine line and a blank, and the four panel titles. */
const FIXED_ROWS = 6;
/** How the rest is shared: running jobs, recent runs, sandboxes, containers (the tables count their header). */
const WEIGHTS = [2, 4, 2, 4] as const;
/** Body rows when the terminal's height is unknown (tests, pipes). */
const DEFAULT_BODY = 16;

/**
 * The home screen: the engine, running jobs with their step and elapsed time, recent runs, sandboxes and their
 * health, and each container's CPU and memory, all read through the catalog's tools and polled. Panels keep a
 * fixed height, so refreshes redraw in place. A panel whose tool is missing or failing says so in one line; the
 * others carry on.
 */
export function Dashboard({ invoker, tools, refreshMs, height }: DashboardProps) {
  const data = useDashboardData(invoker, tools, refreshMs);
  const [jobRows, runRows, sandboxRows, statRows] = shareRows(Math.max(4, (height ?? FIXED_ROWS + DEFAULT_BODY) - FIXED_ROWS), WEIGHTS) as [number, number, number, number];
  const refresh = formatInterval(refreshMs);

  const engine = panelLines(data.engine, (outcome) => {
    const read = readEngine(outcome);
    return read.ok ? ok([engineLine(read.value, refresh)]) : read;
  }, 'asking the engine…');

  const runs = panelLines(data.runs, (outcome) => {
    const read = readRuns(outcome);
    if (!read.ok) return read;
    if (read.value.length === 0) return ok([[{ text: '  no runs yet', dim: true }]]);
    const table = runTable(read.value, -1, data.runs.poll.status === 'done' ? data.runs.poll.at : Date.now());
    return ok([table.header, ...table.rows]);
  });

  const sandboxes = panelLines(data.sandboxes, (outcome) => {
    const read = readSandboxList(outcome);
    if (!read.ok) return read;
    const { rows, engineError } = read.value;
    if (rows.length === 0) return ok([[{ text: '  no sandboxes', dim: true }]]);
    const width = Math.max(...rows.map((row) => row.name.length));
    const warning: StyledLine[] = engineError ? [[{ text: '  states unknown: engine unreachable', color: 'yellow' }]] : [];
    return ok([...warning, ...rows.map((row) => sandboxLine(row, width))]);
  });

  const stats = panelLines(data.stats, (outcome) => {
    const read = readStats(outcome);
    if (!read.ok) return read;
    if (read.value.rows.length === 0) return ok([[{ text: '  no running containers', dim: true }]]);
    const table = statsTable(read.value.rows);
    return ok([table.header, ...table.rows]);
  });

  // Running jobs: the list says which; each row asks for its own step.
  const jobsRead = data.jobs.poll.status === 'done' && data.jobs.poll.outcome.ok ? readRuns(data.jobs.poll.outcome.data) : null;
  const running = jobsRead?.ok ? jobsRead.value.filter((row) => isActive(row.status)) : [];
  const jobLines = running.length > 0 ? null : panelLines(data.jobs, () => ok([[{ text: '  none running', dim: true }]]));
  const shownJobs = running.length > jobRows ? running.slice(0, jobRows - 1) : running;

  return (
    <Box flexDirection="column">
      <Box height={2} flexDirection="column">
        <StyledLines lines={engine.slice(0, 1)} />
      </Box>
      <DashboardPanel title="Running jobs" detail={running.length > 0 ? `${running.length} · J for all runs` : data.jobs.tool} rows={jobRows}>
        {jobLines ? (
          <StyledLines lines={fitLines(jobLines, jobRows)} />
        ) : (
          <>
            {shownJobs.map((job) => (
              <JobProgressRow
                key={job.job_id}
                invoker={invoker}
                job={{ job_id: job.job_id, status: job.status, image: job.image, since: job.created_at }}
                statusTool={tools.has(JOB_STATUS_TOOL)}
                refreshMs={refreshMs}
              />
            ))}
            {shownJobs.length < running.length && <StyledLineView line={[{ text: `  … ${running.length - shownJobs.length} more`, dim: true }]} />}
          </>
        )}
      </DashboardPanel>
      <DashboardPanel title="Recent runs" detail={data.runs.tool} rows={runRows}>
        <StyledLines lines={fitLines(runs, runRows)} />
      </DashboardPanel>
      <DashboardPanel title="Sandboxes" detail={`${data.sandboxes.tool} · S to manage`} rows={sandboxRows}>
        <StyledLines lines={fitLines(sandboxes, sandboxRows)} />
      </DashboardPanel>
      <DashboardPanel title="Containers" detail={`${data.stats.tool} · C to manage`} rows={statRows}>
        <StyledLines lines={fitLines(stats, statRows)} />
      </DashboardPanel>
    </Box>
  );
}

const ok = (lines: StyledLine[]): OutputRead<StyledLine[]> => ({ ok: true, value: lines });

/** A panel's lines: what its reader made of the answer, or loading, missing tool, failure, unreadable output. */
function panelLines(source: PanelSource, read: (data: Record<string, unknown>) => OutputRead<StyledLine[]>, loading = 'loading…'): StyledLine[] {
  if (!source.loaded) return [missingLine(source.tool)];
  if (source.poll.status === 'loading') return [[{ text: `  ${loading}`, dim: true }]];
  if (!source.poll.outcome.ok) return [failureLine(source.poll.outcome.error)];
  const lines = read(source.poll.outcome.data);
  return lines.ok ? lines.value : unexpectedLines(lines.problem);
}
