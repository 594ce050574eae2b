import { DeleteRunOutput } from '@orcaops/contracts';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { readOutput } from './read-output.js';
import type { ActionSpec } from './useConfirmedAction.js';

export const DELETE_RUN_TOOL = 'orcaops_delete_run';

/** Delete one finished run; the tool refuses a live one (CONFLICT, with the suggestion to cancel it first). */
export function deleteRun(jobId: string, onDone?: (outcome: ToolOutcome) => void): ActionSpec {
  return {
    tool: DELETE_RUN_TOOL,
    args: { job_id: jobId },
    confirm: { question: `Delete run ${jobId}?`, detail: 'Deletes its record, logs and artifacts; this cannot be undone.', verb: 'delete' },
    doing: `Deleting run ${jobId}`,
    summary: deleteRunSummary,
    ...(onDone ? { onDone } : {}),
  };
}

/** The success line, read through the tool's published output schema. */
export function deleteRunSummary(data: Record<string, unknown>): string {
  const read = readOutput(DeleteRunOutput, data, DELETE_RUN_TOOL);
  if (!read.ok) return read.problem;
  return read.value.deleted ? `Deleted run ${read.value.job_id}.` : `Run ${read.value.job_id} was already gone.`;
}
