import { z } from 'zod';
import { JOB_STATUSES } from '../runs/job-spec.js';
import { RunRecordSchema } from '../runs/run-record.js';

/**
 * The outputs the run-history tools publish (orcaops_list_runs, orcaops_get_run, orcaops_cleanup_runs), shared
 * by the runs plugin, which declares them, and the TUI, which reads them.
 */

/** A compact row of the run history. */
export const RunRow = z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  image: z.string(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  artifacts: z.number(),
  error_code: z.string().nullable(),
});

/** A row of orcaops_list_runs or orcaops_cleanup_runs. */
export type RunRowData = z.infer<typeof RunRow>;

/** orcaops_list_runs's reply. */
export const ListRunsOutput = z.object({
  runs: z.array(RunRow),
  next_offset: z.number().nullable().describe('offset of the next page, or null when this page is the last.'),
  total: z.number().nullable().describe('Runs matching in all; null when a status or image filter is given.'),
});

/** orcaops_delete_run's reply. */
export const DeleteRunOutput = z.object({ job_id: z.string(), deleted: z.boolean() });

/** What orcaops_get_run left out of a run to fit its reply budget. */
export const RunCutSchema = z
  .object({
    limit_bytes: z.number().describe('Bytes on the wire the reply was fitted to: the reply limit less room for the envelope.'),
    spec_strings_cut: z.number().describe('Strings in run.spec shortened, their start kept (long commands, inline file contents).'),
    spec_chars_cut: z.number().describe('Characters cut from those strings in all.'),
    commands_cut: z.number().describe('Step commands shortened, their start kept.'),
    tails_cut: z.number().describe('Step tails shortened below what the record keeps, their end kept (tail_truncated is then true).'),
    artifacts_omitted: z.number().describe('Artifacts not listed in run.artifacts.'),
    artifacts_skipped_omitted: z.number().describe('Entries not listed in run.artifacts_skipped.'),
    suggestion: z.string().describe('Where to get what was left out.'),
  })
  .describe('Present when the reply left something out to fit its budget: what, and how to get the rest.');

/** orcaops_get_run's reply. */
export const GetRunOutputSchema = z.object({
  run: RunRecordSchema,
  steps_total: z.number().describe('Steps the run has; run.steps holds those from step_offset on that fit the reply.'),
  steps_next_offset: z.number().nullable().describe('step_offset that returns the next steps, or null when run.steps reaches the last.'),
  artifacts_total: z.number().describe('Files collected in all; run.artifacts lists the first of them that fit.'),
  artifacts_skipped_total: z.number().describe('Entries of run.artifacts_skipped in all.'),
  output_replaced: z
    .number()
    .optional()
    .describe('Escape sequences removed and control characters shown as U+FFFD in the step tails: they are text, not the exact bytes. Absent when 0.'),
  cut: RunCutSchema.optional(),
});

/** orcaops_get_run's reply data. */
export type GetRunOutput = z.infer<typeof GetRunOutputSchema>;
