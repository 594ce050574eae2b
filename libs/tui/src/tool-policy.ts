import { toolSafety } from '@orcaops/plugin-api';
import type { TuiTool } from './types.js';

/**
 * Whether the TUI asks the user before calling this tool: every tool that is not read-only (destructive, or one
 * that writes, such as starting a sandbox). Views call such tools only through `useConfirmedAction`,
 * and a tool's form asks before it runs one.
 */
export function needsConfirmation(tool: Pick<TuiTool, 'annotations'>): boolean {
  return toolSafety(tool.annotations) !== 'read-only';
}

/** Whether Enter in the tool list runs the tool at once: read-only, and `{}` is valid input. Others open a form. */
export function runsWithoutForm(tool: TuiTool): boolean {
  return !needsConfirmation(tool) && tool.input.safeParse({}).success;
}
