import { describe, expect, it } from '@jest/globals';
import { JobLogsOutput, JobRow, JobView, ListJobsOutput, ListRunsOutput, RunRow } from '@orcaops/contracts';
import { JOB_LOGS, RUNS_DATA, STEP_LOGS, jobLogs, jobRow, jobStatus, runRow } from './test-fixtures/fake-kernel.js';

/**
 * The Jobs view's tests answer with canned outputs; these hold them to the schemas the tools publish, so that a
 * tool's output changing fails here instead of leaving the TUI tested against a shape no tool sends. Parsing
 * must give the fixture back unchanged: zod drops unknown fields, so a field the schema no longer has fails too.
 */
describe('the Jobs view fixtures match the published output schemas', () => {
  const cases: ReadonlyArray<[string, { safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown } }, unknown]> = [
    ['orcaops_list_runs (RUNS_DATA)', ListRunsOutput, RUNS_DATA],
    ['a run row', RunRow, runRow({ status: 'running', duration_ms: null, finished_at: null })],
    ['orcaops_list_jobs', ListJobsOutput, { jobs: [jobRow(), jobRow({ status: 'queued', duration_ms: null, steps: 0 })], next_offset: 20 }],
    ['a job row', JobRow, jobRow()],
    ['orcaops_get_job_status', JobView, jobStatus()],
    ['orcaops_get_job_status with an error', JobView, jobStatus({ status: 'timed_out', error: { code: 'JOB_TIMEOUT', message: 'm', suggestion: 's' } })],
    ['orcaops_get_job_logs (JOB_LOGS)', JobLogsOutput, JOB_LOGS],
    ...STEP_LOGS.map((logs, step): [string, typeof JobLogsOutput, unknown] => [`orcaops_get_job_logs of step ${step}`, JobLogsOutput, logs]),
    ['orcaops_get_job_logs of one stream', JobLogsOutput, { ...jobLogs('a\n', ''), stderr: undefined }],
  ];

  it.each(cases)('%s', (_name, schema, fixture) => {
    const parsed = schema.safeParse(fixture);
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toEqual(fixture);
  });

  it('fails for a fixture that drifted', () => {
    const renamed = { ...runRow(), duration: 1494, duration_ms: undefined };
    expect(RunRow.safeParse(renamed).success).toBe(false);
    const extra = { ...jobRow(), exit_code: 1 };
    expect(JobRow.safeParse(extra).data).not.toEqual(extra);
  });
});
