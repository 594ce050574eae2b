import { StyledLineView } from './StyledLines.js';
import { isActive, progressLine, readProgress } from './dashboard-format.js';
import type { TuiInvoker } from './types.js';
import { usePolledTool } from './usePolledTool.js';

export const JOB_STATUS_TOOL = 'orcaops_get_job_status';

export interface JobProgressRowProps {
  readonly invoker: TuiInvoker;
  readonly job: { readonly job_id: string; readonly status: string; readonly image: string; readonly since: string | null };
  /** Whether orcaops_get_job_status is in the catalog; without it the row shows what the list says. */
  readonly statusTool: boolean;
  readonly refreshMs: number;
}

/**
 * One running job on the dashboard: the list gives id and status, orcaops_get_job_status the step it is on. Each
 * row polls its own job while it is active, and renders on every answer so that the elapsed time moves on.
 */
export function JobProgressRow({ invoker, job, statusTool, refreshMs }: JobProgressRowProps) {
  const active = (status: string) => isActive(status);
  const poll = usePolledTool(
    invoker,
    statusTool ? { name: JOB_STATUS_TOOL, args: { job_id: job.job_id } } : null,
    (outcome) => (outcome.ok && active(readProgressStatus(outcome.data)) ? refreshMs : null),
    0,
    () => true,
  );
  const read = poll.status === 'done' && poll.outcome.ok ? readProgress(poll.outcome.data) : null;
  const now = poll.status === 'done' ? poll.at : Date.now();
  return <StyledLineView line={progressLine(job, read?.ok ? read.value : null, now)} />;
}

function readProgressStatus(data: Record<string, unknown>): string {
  const read = readProgress(data);
  return read.ok ? read.value.status : '';
}
