import { z } from 'zod';
import { JOB_STATUSES, defineTool, type RunStore } from '@orcaops/plugin-api';
import type { JobEngine } from '../engine/job-engine.js';
import { JobIdInput, JobRow, JobView, toJobRow, toJobView } from './job-views.js';

/** `orcaops_get_job_status`, `orcaops_list_jobs` and `orcaops_cancel_job`. */
export function createStatusTools(engine: JobEngine, store: RunStore) {
  return [
    defineTool({
      name: 'orcaops_get_job_status',
      title: 'Job status',
      category: 'jobs',
      description:
        'Returns a job\'s status (queued, running, success, failed, timed_out, cancelled), its steps with exit codes and the end of ' +
        'their output, timing, artifacts and any error. Use it to poll a submitted job; orcaops_get_job_logs gives full output.',
      input: z.object({ job_id: JobIdInput }),
      output: JobView,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id }) => toJobView(await engine.get(job_id)),
    }),
    defineTool({
      name: 'orcaops_list_jobs',
      title: 'List jobs',
      category: 'jobs',
      description: 'Lists recent jobs, newest first, optionally only those with one status (e.g. running). Returns ids for the other job tools.',
      input: z.object({
        status: z.enum(JOB_STATUSES).optional(),
        limit: z.number().int().min(1).max(500).default(20),
        offset: z.number().int().min(0).default(0),
      }),
      output: z.object({ jobs: z.array(JobRow), next_offset: z.number().nullable() }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      presentation: { listField: 'jobs', columns: ['job_id', 'status', 'image', 'created_at', 'duration_ms'] },
      run: async ({ status, limit, offset }) => {
        const page = await store.list({ ...(status ? { statuses: [status] } : {}), limit, offset });
        return { jobs: page.runs.map(toJobRow), next_offset: page.nextOffset };
      },
    }),
    defineTool({
      name: 'orcaops_cancel_job',
      title: 'Cancel a job',
      category: 'jobs',
      description:
        'Cancels a queued or running job: its container is stopped at once and the output so far is kept. Returns the final ' +
        'status (cancelled). A job that already ended gives JOB_NOT_RUNNING.',
      input: z.object({ job_id: JobIdInput }),
      output: JobView,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id }) => toJobView(await engine.cancel(job_id)),
    }),
  ];
}
