import { z } from 'zod';
import { OrcaError, defineTool, isErrorCode, replyRoom } from '@orcaops/plugin-api';
import { JobSpecSchema, JobView, type JobSpec } from '@orcaops/contracts';
import type { JobEngine } from '../engine/job-engine.js';
import { fitJobView } from './job-view-fit.js';

const RunJobInput = JobSpecSchema.extend({
  wait_seconds: z.number().int().min(0).max(3600).default(600),
});

const IMAGE_ERRORS = new Set(['IMAGE_NOT_FOUND', 'IMAGE_PULL_FAILED']);

/** `orcaops_run_job` and `orcaops_submit_job`. */
export function createSubmitTools(engine: JobEngine) {
  return [
    defineTool({
      name: 'orcaops_run_job',
      title: 'Run a job and wait',
      category: 'jobs',
      http: { method: 'POST', path: '/jobs/run', waitField: 'wait_seconds' },
      description:
        'Runs shell commands in a fresh throwaway container and waits for the result. Steps run in order with sh -c; the first ' +
        'failure ends the job. Inputs are copied in, never mounted.',
      input: RunJobInput,
      output: JobView.extend({ still_running: z.boolean().describe('True when the wait ended before the job did.') }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      run: async ({ wait_seconds, ...spec }, ctx) => {
        const submitted = await engine.submit(spec as JobSpec);
        // Sent before anything else, so a client that gives up on the call still knows which job to follow or cancel.
        ctx.progress({ progress: 0, total: spec.commands.length, message: `job ${submitted.job_id} queued` });
        const record = await engine.wait(submitted.job_id, {
          timeoutMs: wait_seconds * 1000,
          signal: ctx.signal,
          onProgress: ({ step, total, message }) => ctx.progress({ progress: step, total, message }),
        });
        // A job that never started because of its image is a failed call, so the model sees the error first.
        if (record.error && !record.container_id && IMAGE_ERRORS.has(record.error.code) && isErrorCode(record.error.code)) {
          throw new OrcaError(record.error.code, record.error.message, { suggestion: record.error.suggestion, details: { job_id: record.job_id } });
        }
        return fitJobView(record, replyRoom(ctx.reply), { still_running: record.status === 'queued' || record.status === 'running' });
      },
    }),
    defineTool({
      name: 'orcaops_submit_job',
      title: 'Submit a job',
      category: 'jobs',
      http: { method: 'POST', path: '/jobs' },
      description:
        'Starts a job like orcaops_run_job but returns its job_id at once. Follow it with orcaops_get_job_status.',
      input: JobSpecSchema,
      output: z.object({ job_id: z.string(), status: z.string(), created_at: z.string() }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      run: async (spec) => {
        const record = await engine.submit(spec as JobSpec);
        return { job_id: record.job_id, status: record.status, created_at: record.created_at };
      },
    }),
  ];
}
