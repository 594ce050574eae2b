import type { CliIo } from '../cli-io.js';
import type { CancelFlags } from '../human-args.js';
import { callForEachJob, withTools } from '../human/tool-session.js';

/** `orcaops cancel JOB...`: orcaops_cancel_job for each, saying each job's final status; exit 1 when any failed. */
export async function cancelCommand(flags: CancelFlags, io: CliIo): Promise<number> {
  return withTools(flags, io, (tools) => callForEachJob(tools, 'orcaops_cancel_job', flags.jobIds, (jobId, job) => `${jobId}: ${String(job['status'])}`));
}
