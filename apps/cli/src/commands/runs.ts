import type { RunRowData } from '@orcaops/contracts';
import type { CliIo } from '../cli-io.js';
import type { RunsFlags } from '../human-args.js';
import { renderTable, terminalWidth } from '../human/table.js';
import { callForEachJob, withTools, type ToolSession } from '../human/tool-session.js';
import { ago } from '../human/units.js';

/** `orcaops runs cleanup|delete`: orcaops_cleanup_runs, or orcaops_delete_run for each job given. */
export async function runsCommand(flags: RunsFlags, io: CliIo): Promise<number> {
  return withTools(flags, io, (tools) =>
    flags.action === 'cleanup' ? cleanup(tools, flags.olderThanDays, flags.dryRun) : callForEachJob(tools, 'orcaops_delete_run', flags.jobIds, (jobId) => `${jobId}: deleted`),
  );
}

async function cleanup(tools: ToolSession, days: number, dryRun: boolean): Promise<number> {
  const reply = await tools.call('orcaops_cleanup_runs', { older_than_days: days, dry_run: dryRun });
  if (!reply) return 1;
  if (tools.json) {
    await tools.printSuccess(reply);
    return 0;
  }
  const runs = reply['runs'] as RunRowData[];
  const matched = reply['matched'] as number;
  const omitted = reply['runs_omitted'] as number;
  if (matched === 0) {
    await tools.print(`No finished runs older than ${plural(days, 'day')}.`);
    return 0;
  }
  await tools.print(
    renderTable(runs, [
      { header: 'JOB', cell: (run) => run.job_id },
      { header: 'STATUS', cell: (run) => run.status },
      { header: 'IMAGE', cell: (run) => run.image, shrink: true },
      { header: 'CREATED', cell: (run) => ago(run.created_at) },
    ], terminalWidth(tools.io.stdout)) + (omitted > 0 ? `… and ${omitted} more\n` : ''),
  );
  await tools.print(dryRun ? `${plural(matched, 'run')} would be deleted (dry run: nothing was deleted).` : `Deleted ${String(reply['deleted'])} of ${plural(matched, 'run')} older than ${plural(days, 'day')}.`);
  return 0;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
