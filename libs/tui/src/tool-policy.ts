import { toolSafety } from '@orcaops/plugin-api';
import type { TuiTool } from './types.js';

/** The views that call a tool with the input they know (a selected run, sandbox or container), by tool name. */
const VIEW_OF_TOOL: Readonly<Record<string, string>> = {
  orcaops_get_job_status: 'the Jobs view (J)',
  orcaops_get_job_logs: 'the Jobs view (J)',
  orcaops_get_sandbox: 'the Sandboxes view (S)',
  orcaops_start_sandbox: 'the Sandboxes view (S)',
  orcaops_stop_sandbox: 'the Sandboxes view (S)',
  orcaops_get_container_logs: 'the Containers view (C)',
  orcaops_stop_container: 'the Containers view (C)',
  orcaops_remove_container: 'the Containers view (C)',
};

/**
 * Whether the TUI asks the user before calling this tool: every tool that is not read-only (destructive, or one
 * that writes, such as starting a sandbox). Views call such tools only through `useConfirmedAction`.
 */
export function needsConfirmation(tool: Pick<TuiTool, 'annotations'>): boolean {
  return toolSafety(tool.annotations) !== 'read-only';
}

/**
 * Why Enter in the tool list cannot run this tool, or null when it can. The tool list has no forms and no
 * confirmations: it only runs tools that are read-only and accept an empty argument object (every field optional
 * or defaulted). Tools that a view calls (with a confirmation when they change things) point to that view.
 */
export function runBlocker(tool: TuiTool): string | null {
  const view = VIEW_OF_TOOL[tool.name];
  const cli = `orcaops call ${tool.name} '<json>'`;
  if (needsConfirmation(tool)) {
    return view
      ? `${tool.title} changes things: use it from ${view}, which asks first; or: ${cli}`
      : `${tool.title} changes things; the tool list runs only read-only tools. Use: ${cli}`;
  }
  if (!tool.input.safeParse({}).success) {
    return `${tool.title} needs input; forms are not in the TUI yet. ${view ? `It is in ${view}; or use: ${cli}` : `Use: ${cli}`}`;
  }
  return null;
}
