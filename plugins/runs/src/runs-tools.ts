import { z } from 'zod';
import { OrcaError, defineTool, fitItems, replyRoom } from '@orcaops/plugin-api';
import { DeleteRunOutput, GetRunOutputSchema, JOB_STATUSES, ListRunsOutput, RunRow, isFinalStatus, type RunQuery, type RunRecord, type RunRowData, type RunStore } from '@orcaops/contracts';
import { getRunReply } from './run-fit.js';

const JobId = z.string().min(1).max(128);

function toRow(record: RunRecord): RunRowData {
  return {
    job_id: record.job_id,
    status: record.status,
    image: record.image.ref,
    created_at: record.created_at,
    finished_at: record.finished_at,
    duration_ms: record.duration_ms,
    artifacts: record.artifacts.length,
    error_code: record.error?.code ?? null,
  };
}

async function requireRun(store: RunStore, jobId: string): Promise<RunRecord> {
  const record = await store.get(jobId);
  if (!record) throw new OrcaError('RUN_NOT_FOUND', `No run "${jobId}".`);
  return record;
}

/** The run-history tools. */
export function createRunsTools(store: RunStore, now: () => Date) {
  return [
    defineTool({
      name: 'orcaops_list_runs',
      title: 'List runs',
      category: 'runs',
      http: { method: 'GET', path: '/runs' },
      description:
        'Lists recorded job runs, newest first, by status, image (a trailing * matches a prefix) and creation time. One run in ' +
        'full: orcaops_get_run.',
      input: z.object({
        status: z.enum(JOB_STATUSES).optional(),
        image: z.string().min(1).max(256).optional(),
        since: z.iso.datetime({ offset: true }).optional(),
        until: z.iso.datetime({ offset: true }).optional(),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      }),
      output: ListRunsOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      presentation: { listField: 'runs', columns: ['job_id', 'status', 'image', 'created_at', 'duration_ms'] },
      run: async ({ status, image, since, until, limit, offset }, ctx) => {
        const query: RunQuery = {
          ...(status ? { statuses: [status] } : {}),
          ...(image ? { image } : {}),
          ...(since ? { since: new Date(since) } : {}),
          ...(until ? { until: new Date(until) } : {}),
        };
        return fitRunPage(store, query, offset, limit, replyRoom(ctx.reply));
      },
    }),
    defineTool({
      name: 'orcaops_get_run',
      title: 'Get a run',
      category: 'runs',
      http: { method: 'GET', path: '/runs/{job_id}' },
      description: 'Returns one run\'s record: its spec, steps with exit codes and output tails, artifacts and errors. Page steps with step_offset.',
      input: z.object({
        job_id: JobId,
        step_offset: z.number().int().min(0).default(0),
      }),
      output: GetRunOutputSchema,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id, step_offset }, ctx) => getRunReply(await requireRun(store, job_id), ctx.reply, step_offset),
    }),
    defineTool({
      name: 'orcaops_delete_run',
      title: 'Delete a run',
      category: 'runs',
      http: { method: 'DELETE', path: '/runs/{job_id}' },
      description: 'Deletes one finished run with its logs and artifacts. Cancel a live job first with orcaops_cancel_job.',
      input: z.object({ job_id: JobId }),
      output: DeleteRunOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
      run: async ({ job_id }) => {
        const record = await requireRun(store, job_id);
        if (!isFinalStatus(record.status)) {
          throw new OrcaError('CONFLICT', `Run ${job_id} is ${record.status}; only finished runs can be deleted.`, {
            suggestion: `Cancel it with orcaops_cancel_job (job_id ${job_id}) or wait for it to finish, then delete it.`,
          });
        }
        return { job_id, deleted: await store.delete(job_id) };
      },
    }),
    defineTool({
      name: 'orcaops_cleanup_runs',
      title: 'Clean up old runs',
      category: 'runs',
      http: { method: 'POST', path: '/runs/cleanup' },
      description: 'Deletes finished runs older than older_than_days, with logs and artifacts; live jobs are kept.',
      input: z.object({
        older_than_days: z.number().int().min(1).max(365).default(30),
        dry_run: z.boolean().default(false),
      }),
      output: z.object({
        dry_run: z.boolean(),
        cutoff: z.string(),
        matched: z.number().describe('Finished runs created before cutoff.'),
        deleted: z.number(),
        runs: z.array(RunRow).describe('The matched runs (deleted unless dry_run), newest first, as many as fit the reply.'),
        runs_omitted: z.number().describe('Matched runs left out of runs to keep the reply within its budget.'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ older_than_days, dry_run }, ctx) => {
        const cutoff = new Date(now().getTime() - older_than_days * 86_400_000);
        const matched: RunRecord[] = [];
        for (let offset: number | null = 0; offset !== null; ) {
          const page = await store.list({ until: cutoff, offset, limit: 500 });
          matched.push(...page.runs.filter((record) => isFinalStatus(record.status)));
          offset = page.nextOffset;
        }
        let deleted = 0;
        if (!dry_run) {
          for (const record of matched) {
            if (ctx.signal.aborted) break;
            if (await store.delete(record.job_id)) deleted++;
            ctx.progress({ progress: deleted, total: matched.length });
          }
        }
        const rows = matched.map(toRow);
        const summary = { dry_run, cutoff: cutoff.toISOString(), matched: matched.length, deleted };
        return fitItems(rows, replyRoom(ctx.reply), (runs) => ({ ...summary, runs: [...runs], runs_omitted: rows.length - runs.length })).reply;
      },
    }),
  ];
}

/**
 * One page of orcaops_list_runs, fitted to `room` bytes. When the budget ends the page before the store's page
 * does, the next page starts at the first run left out. A store may let unreadable records take offsets without
 * returning them (the file store does, without a record filter); then offsets and runs on the page no longer line
 * up, so the shorter page is asked for again, which puts the boundary where the store counts it.
 */
async function fitRunPage(store: RunStore, query: RunQuery, offset: number, limit: number, room: number) {
  const page = await store.list({ ...query, offset, limit });
  const total = page.total ?? null;
  const rows = page.runs.map(toRow);
  const fitted = fitItems(
    rows,
    room,
    (runs) => ({ runs: [...runs], next_offset: runs.length < rows.length ? offset + runs.length : page.nextOffset, total }),
    Math.min(1, rows.length),
  );
  if (fitted.kept === rows.length) return fitted.reply;
  const consumed = page.nextOffset !== null ? page.nextOffset - offset : total !== null ? Math.max(0, total - offset) : rows.length;
  if (consumed === rows.length) return fitted.reply;
  const shorter = await store.list({ ...query, offset, limit: fitted.kept });
  return { runs: shorter.runs.map(toRow), next_offset: shorter.nextOffset, total };
}
