import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolOutcome } from '@orcaops/plugin-api';

/**
 * The specification's envelope as an MCP result: `structuredContent` plus the same JSON as text on success; on
 * failure `isError` with `{success: false, error: {code, message, suggestion}}` as text only, because clients
 * validate any `structuredContent` against the success schema.
 */
export function toCallToolResult(outcome: ToolOutcome): CallToolResult {
  if (outcome.ok) {
    const envelope = { success: true, ...outcome.data };
    return { content: [{ type: 'text', text: JSON.stringify(envelope) }], structuredContent: envelope };
  }
  return { content: [{ type: 'text', text: JSON.stringify({ success: false, error: outcome.error }) }], isError: true };
}
