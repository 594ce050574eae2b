import type { JobRowData } from '@orcaops/contracts';
import type { CliIo } from '../cli-io.js';
import type { JobsFlags } from '../human-args.js';
import { renderTable, terminalWidth, type Column } from '../human/table.js';
import { allPages, withTools } from '../human/tool-session.js';
import { ago, duration } from '../human/units.js';

const DEFAULT_LIMIT = 20;

const COLUMNS: readonly Column<JobRowData>[] = [
  { header: 'JOB', cell: (job) => job.job_id },
  { header: 'STATUS', cell: (job) => job.status },
  { header: 'IMAGE', cell: (job) => job.image, shrink: true },
  { header: 'CREATED', cell: (job) => ago(job.created_at) },
  { header: 'DURATION', cell: (job) => duration(job.duration_ms), align: 'right' },
  { header: 'STEPS', cell: (job) => String(job.steps), align: 'right' },
  { header: 'ERROR', cell: (job) => job.error_code ?? '', shrink: true },
];

/** `orcaops jobs`: the recent jobs (orcaops_list_jobs, paged up to --limit), newest first. */
export async function jobsCommand(flags: JobsFlags, io: CliIo): Promise<number> {
  return withTools(flags, io, async (tools) => {
    const listed = await allPages<JobRowData>(tools, 'orcaops_list_jobs', flags.status ? { status: flags.status } : {}, 'jobs', flags.limit ?? DEFAULT_LIMIT);
    if (!listed) return 1;
    const jobs = listed.rows;
    if (flags.json) await tools.printSuccess({ jobs, next_offset: listed.nextOffset });
    else if (flags.quiet) await tools.print(jobs.map((job) => job.job_id).join('\n'));
    else if (jobs.length === 0) await tools.print(flags.status ? `No ${flags.status} jobs.` : 'No jobs yet. Start one with: orcaops run IMAGE -- CMD');
    else await tools.print(renderTable(jobs, COLUMNS, terminalWidth(io.stdout)));
    return 0;
  });
}
