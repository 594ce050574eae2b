import { z } from 'zod';
import { JOB_STATUSES, type RunRecord } from '@orcaops/plugin-api';

/** A step as tools report it: the command, how it ended, and the end of its output. */
export const StepView = z.object({
  index: z.number(),
  command: z.string(),
  status: z.string(),
  exit_code: z.number().nullable(),
  duration_ms: z.number().nullable(),
  stdout_tail: z.string().describe('Last few KiB of the step\'s stdout; orcaops_get_job_logs has all of it.'),
  stderr_tail: z.string(),
  output_truncated: z.boolean().describe('True when the tails above are shorter than the step\'s output.'),
});

/** A job as tools report it. */
export const JobView = z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  image: z.object({ ref: z.string(), id: z.string().nullable(), digest: z.string().nullable() }),
  exit_code: z.number().nullable().describe('Exit code of the failing step, 0 when all passed, null when no step ended.'),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  container_id: z.string().nullable(),
  steps: z.array(StepView),
  artifacts: z.array(z.object({ path: z.string(), size: z.number(), sha256: z.string() })),
  artifacts_skipped: z.array(z.object({ pattern: z.string(), reason: z.string() })),
  error: z.object({ code: z.string(), message: z.string(), suggestion: z.string() }).nullable(),
  cleanup: z.object({ container_removed: z.boolean().nullable(), error: z.string().nullable() }),
  labels: z.record(z.string(), z.string()),
});

export type JobViewData = z.infer<typeof JobView>;

/** Projects a run record onto what a model needs to reason about the job. */
export function toJobView(record: RunRecord): JobViewData {
  const ended = record.steps.filter((step) => step.exit_code !== null);
  const failing = ended.find((step) => step.exit_code !== 0);
  return {
    job_id: record.job_id,
    status: record.status,
    image: record.image,
    exit_code: failing?.exit_code ?? (ended.length > 0 ? 0 : null),
    created_at: record.created_at,
    started_at: record.started_at,
    finished_at: record.finished_at,
    duration_ms: record.duration_ms,
    container_id: record.container_id,
    steps: record.steps.map((step) => ({
      index: step.index,
      command: step.command,
      status: step.status,
      exit_code: step.exit_code,
      duration_ms: step.duration_ms,
      stdout_tail: step.stdout.tail,
      stderr_tail: step.stderr.tail,
      output_truncated: step.stdout.tail_truncated || step.stderr.tail_truncated,
    })),
    artifacts: record.artifacts.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
    artifacts_skipped: record.artifacts_skipped,
    error: record.error,
    cleanup: record.cleanup,
    labels: record.labels,
  };
}

/** A compact row for listings. */
export const JobRow = z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  image: z.string(),
  created_at: z.string(),
  duration_ms: z.number().nullable(),
  steps: z.number(),
  error_code: z.string().nullable(),
});

export function toJobRow(record: RunRecord): z.infer<typeof JobRow> {
  return {
    job_id: record.job_id,
    status: record.status,
    image: record.image.ref,
    created_at: record.created_at,
    duration_ms: record.duration_ms,
    steps: record.steps.length,
    error_code: record.error?.code ?? null,
  };
}

export const JobIdInput = z.string().min(1).max(128).describe('The job id returned by orcaops_run_job or orcaops_submit_job.');
