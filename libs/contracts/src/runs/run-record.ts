import { z } from 'zod';
import { JOB_STATUSES, type JobSpec } from './job-spec.js';

const ErrorPayloadSchema = z.object({ code: z.string(), message: z.string(), suggestion: z.string() });

/** Where a stream's bytes for one step lie in the job's log file, plus a short tail kept in the record. */
export const StepOutputSchema = z.object({
  offset: z.number().int().min(0),
  bytes: z.number().int().min(0),
  tail: z.string().describe('The last few KiB of this step on this stream.'),
  tail_truncated: z.boolean(),
});

export const StepRecordSchema = z.object({
  index: z.number().int().min(0),
  command: z.string(),
  cwd: z.string().nullable(),
  status: z.enum(['pending', 'running', 'success', 'failed', 'timed_out', 'cancelled', 'skipped']),
  exit_code: z.number().int().nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().int().nullable(),
  stdout: StepOutputSchema,
  stderr: StepOutputSchema,
});

export const ArtifactRecordSchema = z.object({
  path: z.string().describe('Path relative to the run\'s artifact directory (as it was inside the container, without the leading /).'),
  size: z.number().int().min(0),
  sha256: z.string(),
  source: z.string().describe('The pattern that matched it.'),
});

/** The durable record of one job run, stored as `record.json` in the run's directory. */
export const RunRecordSchema = z.object({
  schema_version: z.literal(1),
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  image: z.object({ ref: z.string(), id: z.string().nullable(), digest: z.string().nullable() }),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().int().nullable(),
  container_id: z.string().nullable(),
  spec: z.record(z.string(), z.unknown()).describe('The validated job spec.'),
  steps: z.array(StepRecordSchema),
  artifacts: z.array(ArtifactRecordSchema),
  artifacts_skipped: z.array(z.object({ pattern: z.string(), reason: z.string() })),
  error: ErrorPayloadSchema.nullable(),
  cleanup: z.object({ container_removed: z.boolean().nullable(), error: z.string().nullable() }),
  labels: z.record(z.string(), z.string()),
});

export type StepOutput = z.infer<typeof StepOutputSchema>;
export type StepRecord = z.infer<typeof StepRecordSchema>;
export type ArtifactRecord = z.infer<typeof ArtifactRecordSchema>;
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** A job's exit code as tools report it: the failing step's, 0 when every step that ended passed, null when none ended. */
export function jobExitCode(steps: readonly StepRecord[]): number | null {
  const ended = steps.filter((step) => step.exit_code !== null);
  return ended.find((step) => step.exit_code !== 0)?.exit_code ?? (ended.length > 0 ? 0 : null);
}

/** The record of a job just accepted: queued, nothing run yet. */
export function queuedRunRecord(jobId: string, spec: JobSpec, now: Date): RunRecord {
  return {
    schema_version: 1,
    job_id: jobId,
    status: 'queued',
    image: { ref: spec.image, id: null, digest: null },
    created_at: now.toISOString(),
    started_at: null,
    finished_at: null,
    duration_ms: null,
    container_id: null,
    spec: { ...spec, job_id: jobId },
    steps: [],
    artifacts: [],
    artifacts_skipped: [],
    error: null,
    cleanup: { container_removed: null, error: null },
    labels: spec.labels,
  };
}
