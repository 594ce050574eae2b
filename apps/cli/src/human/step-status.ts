import type { JobViewData } from '@orcaops/contracts';
import { printable } from './table.js';
import { duration } from './units.js';

/** What has been said about a job so far, so that each change is said once. */
export interface StatusSnapshot {
  readonly status: string;
  readonly steps: readonly string[];
}

const COMMAND_CHARS = 80;

/**
 * The progress lines for people watching `orcaops run` on a terminal: the job's status when it changes, each step
 * when it starts and how it ended. Only what changed since `previous` is said.
 */
export function statusLines(previous: StatusSnapshot | null, job: JobViewData): { lines: string[]; snapshot: StatusSnapshot } {
  const lines: string[] = [];
  const total = job.steps.length;
  if (previous?.status !== job.status) {
    if (job.status === 'queued') lines.push('queued');
    else if (job.status === 'running') lines.push(`running in ${job.image.ref}`);
  }
  job.steps.forEach((step, index) => {
    const before = previous?.steps[index] ?? 'pending';
    if (before === step.status) return;
    const label = `step ${index + 1}/${total}`;
    if (before === 'pending' && step.status !== 'skipped') lines.push(`${label}: ${printable(shorten(step.command))}`);
    if (step.status === 'success') lines.push(`${label} passed in ${duration(step.duration_ms)}`);
    else if (step.status === 'failed') lines.push(`${label} failed with exit code ${step.exit_code ?? '?'} after ${duration(step.duration_ms)}`);
    else if (step.status === 'timed_out' || step.status === 'cancelled') lines.push(`${label} ${step.status.replace('_', ' ')} after ${duration(step.duration_ms)}`);
  });
  if (previous?.status !== job.status && ['success', 'failed', 'timed_out', 'cancelled'].includes(job.status)) {
    const artifacts = job.artifacts_total > 0 ? `, ${job.artifacts_total} artifact${job.artifacts_total === 1 ? '' : 's'} (orcaops artifacts ${job.job_id})` : '';
    lines.push(`job ${job.job_id} ${job.status.replace('_', ' ')} in ${duration(job.duration_ms)}${artifacts}`);
  }
  return { lines, snapshot: { status: job.status, steps: job.steps.map((step) => step.status) } };
}

function shorten(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length <= COMMAND_CHARS ? line : `${line.slice(0, COMMAND_CHARS - 1)}…`;
}
