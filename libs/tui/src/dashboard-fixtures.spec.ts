import { describe, expect, it } from '@jest/globals';
import { ContainerStatsOutput, DeleteRunOutput, JobView, ListJobsOutput, SystemInfoEngineView } from '@orcaops/contracts';
import { SYSTEM_INFO_DATA, engineInfo, jobsData, runDeleted, runningJobStatus, statsData } from './test-fixtures/fake-kernel.js';

type Schema = { safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown } };

/**
 * The dashboard's and the Jobs view's newer fixtures are built as the contract types (so they cannot be written
 * with a field a schema lacks); parsing each with the schema the tool publishes must also give it back unchanged.
 */
describe('the dashboard fixtures match the published output schemas', () => {
  const cases: ReadonlyArray<[string, Schema, unknown]> = [
    ['orcaops_system_info, engine up', SystemInfoEngineView, engineInfo(true)],
    ['orcaops_system_info, engine down', SystemInfoEngineView, engineInfo(false)],
    ['orcaops_list_jobs with a running job', ListJobsOutput, jobsData()],
    ['orcaops_get_job_status of a running job', JobView, runningJobStatus()],
    ['orcaops_get_container_stats', ContainerStatsOutput, statsData()],
    ['orcaops_delete_run', DeleteRunOutput, runDeleted('job-1')],
  ];

  it.each(cases)('%s', (_name, schema, fixture) => {
    const parsed = schema.safeParse(fixture);
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toEqual(fixture);
  });

  it('the App tests\' system info answer has the engine part the dashboard reads', () => {
    const parsed = SystemInfoEngineView.safeParse(SYSTEM_INFO_DATA);
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toEqual({ docker: SYSTEM_INFO_DATA.docker });
  });
});
