import { z } from 'zod';
import { JOB_STATUSES } from '../runs/job-spec.js';

/**
 * The outputs the job tools publish (orcaops_run_job, orcaops_get_job_status, orcaops_cancel_job,
 * orcaops_list_jobs). They live in the contract tier so that the jobs plugin declares them and the TUI reads them
 * through the same schemas: a change here changes both, and the catalog snapshot in libs/mcp-host shows it.
 */

/** Artifacts a job view lists at most; orcaops_list_artifacts pages them all. */
export const VIEW_ARTIFACTS = 20;

/** A step as tools report it: the command, how it ended, and the end of its output. */
export const StepView = z.object({
  index: z.number(),
  command: z.string().describe('The step\'s command; a long one is cut keeping its start (command_cut_chars).'),
  command_cut_chars: z.number().optional().describe('Characters cut from the end of command to fit the reply; absent when it is whole.'),
  status: z.string(),
  exit_code: z.number().nullable(),
  duration_ms: z.number().nullable(),
  stdout_tail: z
    .string()
    .describe(
      'The end of the step\'s stdout as text (terminal escape sequences removed, other control characters shown as U+FFFD), as much ' +
        'as the reply budget allows; orcaops_get_job_logs with step reads all of it.',
    ),
  stderr_tail: z.string().describe('The end of the step\'s stderr, shown like stdout_tail.'),
  output_truncated: z.boolean().describe('True when the tails above are shorter than the step\'s output.'),
});

/** What a job view left out to fit its reply budget. */
export const JobViewCut = z
  .object({
    limit_bytes: z.number().describe('Bytes on the wire the view was fitted to: the reply limit less room for the envelope.'),
    commands_cut: z.number().describe('Step commands shortened, their start kept (see command_cut_chars).'),
    tails_cut: z.number().describe('Step tails shortened below what the record keeps, their end kept (see output_truncated).'),
    artifacts_omitted: z.number().describe('Artifacts not listed in artifacts.'),
    artifacts_skipped_omitted: z.number().describe('Entries not listed in artifacts_skipped.'),
    suggestion: z.string().describe('Where to get what was left out.'),
  })
  .describe('Present when the view left something out to fit the reply budget: what, and how to get the rest.');

/** A job as tools report it (orcaops_get_job_status, orcaops_cancel_job; orcaops_run_job adds still_running). */
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
  artifacts: z
    .array(z.object({ path: z.string(), size: z.number(), sha256: z.string() }))
    .describe(`The first files collected, at most ${VIEW_ARTIFACTS} (fewer when the reply budget ends the list); orcaops_list_artifacts pages them all.`),
  artifacts_total: z.number().describe('Files collected in all.'),
  artifacts_skipped: z
    .array(z.object({ pattern: z.string(), reason: z.string() }))
    .describe('Patterns that matched nothing or were cut short, as many as the reply budget allows; orcaops_list_artifacts has them all.'),
  artifacts_skipped_total: z.number().describe('Entries of artifacts_skipped in all.'),
  output_replaced: z
    .number()
    .optional()
    .describe('Escape sequences removed and control characters shown as U+FFFD in the tails above: the tails are text, not the exact bytes. Absent when 0.'),
  error: z.object({ code: z.string(), message: z.string(), suggestion: z.string() }).nullable(),
  cleanup: z.object({ container_removed: z.boolean().nullable(), error: z.string().nullable() }),
  labels: z.record(z.string(), z.string()),
  cut: JobViewCut.optional(),
});

/** A job view's data. */
export type JobViewData = z.infer<typeof JobView>;

/** A compact row for listings (orcaops_list_jobs). */
export const JobRow = z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  image: z.string(),
  created_at: z.string(),
  duration_ms: z.number().nullable(),
  steps: z.number(),
  error_code: z.string().nullable(),
});

/** A row of orcaops_list_jobs. */
export type JobRowData = z.infer<typeof JobRow>;

/** orcaops_list_jobs's reply. */
export const ListJobsOutput = z.object({
  jobs: z.array(JobRow),
  next_offset: z.number().nullable().describe('offset of the next page, or null when this page is the last.'),
});
