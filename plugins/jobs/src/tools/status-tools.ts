import { z } from 'zod';
import { defineTool, fitItems, replyRoom } from '@orcaops/plugin-api';
import { JOB_STATUSES, JobView, ListJobsOutput, type RunQuery, type RunStore } from '@orcaops/contracts';
import type { JobEngine } from '../engine/job-engine.js';
import { fitJobView } from './job-view-fit.js';
import { JobIdInput, toJobRow } from './job-views.js';

/** `orcaops_get_job_status`, `orcaops_list_jobs` and `orcaops_cancel_job`. */
export function createStatusTools(engine: JobEngine, store: RunStore) {
  return [
    defineTool({
      name: 'orcaops_get_job_status',
      title: 'Job status',
      category: 'jobs',
      http: { method: 'GET', path: '/jobs/{job_id}' },
      description: 'Returns a job\'s status, steps with exit codes and output tails, artifacts and error. Full output: orcaops_get_job_logs.',
      input: z.object({ job_id: JobIdInput }),
      output: JobView,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id }, ctx) => fitJobView(await engine.get(job_id), replyRoom(ctx.reply)),
    }),
    defineTool({
      name: 'orcaops_list_jobs',
      title: 'List jobs',
      category: 'jobs',
      http: { method: 'GET', path: '/jobs' },
      description: 'Lists recent jobs, newest first, optionally with one status. Pass a job_id to orcaops_get_job_status.',
      input: z.object({
        status: z.enum(JOB_STATUSES).optional(),
        limit: z.number().int().min(1).max(500).default(20),
        offset: z.number().int().min(0).default(0),
      }),
      output: ListJobsOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      presentation: { listField: 'jobs', columns: ['job_id', 'status', 'image', 'created_at', 'duration_ms'] },
      run: async ({ status, limit, offset }, ctx) => listJobsPage(store, status ? { statuses: [status] } : {}, offset, limit, replyRoom(ctx.reply)),
    }),
    defineTool({
      name: 'orcaops_cancel_job',
      title: 'Cancel a job',
      category: 'jobs',
      http: { method: 'POST', path: '/jobs/{job_id}/cancel' },
      description: 'Cancels a queued or running job: stops its container at once, keeps the output so far. Returns the final status.',
      input: z.object({ job_id: JobIdInput }),
      output: JobView,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id }, ctx) => fitJobView(await engine.cancel(job_id), replyRoom(ctx.reply)),
    }),
  ];
}

/**
 * One page of orcaops_list_jobs within `room` bytes. When the budget ends the page first, the next page starts at
 * the first job left out. A store may count records it cannot read as offsets without returning them (see
 * RunStore.list); then the page's rows and offsets do not line up, so the shorter page is asked for again and its
 * next offset, counted by the store, is the exact one.
 */
async function listJobsPage(store: RunStore, query: RunQuery, offset: number, limit: number, room: number) {
  const page = await store.list({ ...query, offset, limit });
  const rows = page.runs.map(toJobRow);
  const fitted = fitItems(
    rows,
    room,
    (jobs) => ({ jobs: [...jobs], next_offset: jobs.length < rows.length ? offset + jobs.length : page.nextOffset }),
    Math.min(1, rows.length),
  );
  if (fitted.kept === rows.length || page.nextOffset === offset + rows.length) return fitted.reply;
  const shorter = await store.list({ ...query, offset, limit: fitted.kept });
  return { jobs: shorter.runs.map(toJobRow), next_offset: shorter.nextOffset };
}
