import type { TuiTool } from './types.js';

/**
 * Why Enter cannot run this tool yet, or null when it can. Until forms and confirmations exist, the TUI only runs
 * tools that are read-only and accept an empty argument object (every field optional or defaulted).
 */
export function runBlocker(tool: TuiTool): string | null {
  if (!tool.annotations.readOnlyHint) {
    return `${tool.title} changes things; confirmations are not in the TUI yet. Use: orcaops call ${tool.name} '<json>'`;
  }
  if (!tool.input.safeParse({}).success) {
    return `${tool.title} needs input; forms are not in the TUI yet. Use: orcaops call ${tool.name} '<json>'`;
  }
  return null;
}
